import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../taint/support.test.js';

describe('runtime-branch: browser-only branches of isomorphic modules', () => {
  it('does not take a sink in the browser branch for the server\'s', () => {
    const code = `
const vm = require('vm');
const isNode = typeof global == 'object' && global.global === global;
function runInBrowser(script) { eval(script); }
function runScript(script) {
  if (isNode) {
    new vm.Script(script);
  } else {
    runInBrowser(script);
  }
  if (typeof window !== 'undefined') eval(script);
  if (typeof window === 'undefined') vm.runInNewContext(script);
  if (!process.browser) { vm.runInThisContext(script); } else { eval(script); }
}
app.post('/run', (req, res) => { runScript(req.body.script); res.end(); });
`;
    assert.deepEqual(scan(code), [
      'code-eval vm.Script req.body.script @7',
      'code-eval vm.runInNewContext req.body.script @12',
      'code-eval vm.runInThisContext req.body.script @13',
    ]);
  });

  it('keeps both branches of any other test', () => {
    const code = `
const isNode = process.env.RUNTIME === 'node';
app.post('/run', (req, res) => {
  if (isNode || typeof window !== 'undefined') eval(req.body.a);
  else eval(req.body.b);
  res.end();
});
`;
    assert.deepEqual(scan(code), ['code-eval eval req.body.a @4', 'code-eval eval req.body.b @5']);
  });
});
