import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFile } from '../../engine.js';
import { extractor } from './index.js';
import { scriptText } from './markup.js';

const run = (path: string, content: string) => extractFile({ path, content }, [extractor]);

describe('js/web-messaging', () => {
  it('parses inline scripts of a template in place, template tags included', () => {
    const page = ['<h1><%= title %></h1>', '<script>', 'var cfg = <%- JSON.stringify(cfg) %>;', "window.addEventListener('message', function (e) {", '  document.body.innerHTML = e.data;', '});', '</script>', '<script src="/app.js"></script>'].join('\n');
    assert.equal(scriptText(page).split('\n').length, page.split('\n').length);
    const out = run('views/page.ejs', page);
    assert.deepEqual(out.diagnostics, []);
    const fact = out.facts.find((f) => f.kind === 'config' && f.setting === 'message-listener-unchecked');
    assert.equal(fact?.evidence.line, 5);
    assert.equal(fact?.kind === 'config' ? fact.values.sink : undefined, 'html');
  });

  it('ignores workers, checked origins and listeners that only read text', () => {
    const listener = "addEventListener('message', (e) => { eval(e.data); });";
    assert.equal(run('src/worker.js', listener).facts.length, 0);
    assert.equal(run('src/page.js', listener).facts.length, 1);
    assert.equal(run('src/page.js', "window.addEventListener('message', (e) => { if (e.origin !== ORIGIN) return; eval(e.data); });").facts.length, 0);
    assert.equal(run('src/page.js', "window.addEventListener('message', (e) => { el.textContent = e.data; });").facts.length, 0);
  });

  it('reports credentials posted to any origin in another window only', () => {
    assert.equal(run('src/a.js', "opener.postMessage({ accessToken: t }, '*');").facts.length, 1);
    assert.equal(run('src/a.js', "window.postMessage({ accessToken: t }, '*');").facts.length, 0);
    assert.equal(run('src/a.js', "opener.postMessage({ accessToken: t }, 'https://a.example');").facts.length, 0);
    assert.equal(run('src/a.js', "opener.postMessage({ ready: true }, '*');").facts.length, 0);
  });

  it('is lenient: a broken template script is a diagnostic of that file, nothing thrown', () => {
    const out = run('views/broken.html', '<script>window.addEventListener("message", function (e) { document.write(e.data) </script>');
    assert.equal(out.facts.length, 0);
  });
});
