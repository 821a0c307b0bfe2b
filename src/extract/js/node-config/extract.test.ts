import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function settings(files: Record<string, string>): string[] {
  const out = runExtractor(extractor, files);
  return out.facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => `${f.setting} ${f.evidence.file}:${f.evidence.line} ${JSON.stringify(f.values)}`);
}

describe('extract/js/node-config', () => {
  it('keeps secret-named literals by path and length, never their value', () => {
    const facts = settings({
      'config/default.yml': 'server:\n  port: 3000\nsecret: secret\njwt:\n  secret: "s3cr3t-value"\n  expiresIn: 1h\ndb:\n  password: ${DB_PASSWORD}\n  user: app\n',
    });
    assert.deepEqual(facts, [
      'node-config-literal config/default.yml:3 {"path":"secret","profile":"default","length":6}',
      'node-config-literal config/default.yml:5 {"path":"jwt.secret","profile":"default","length":12}',
    ]);
    assert.ok(!JSON.stringify(runExtractor(extractor, { 'config/default.yml': 'jwt:\n  secret: "s3cr3t-value"\n' })).includes('s3cr3t'));
  });

  it('reads environment overrides and JSON profiles', () => {
    const facts = settings({
      'config/custom-environment-variables.yml': 'secret: SECRET\nserver:\n  port: PORT\n',
      'config/production.json': '{\n  "auth": {\n    "apiKey": "prod-key-123"\n  }\n}\n',
    });
    assert.deepEqual(facts, [
      'node-config-env config/custom-environment-variables.yml:1 {"path":"secret","variable":"SECRET"}',
      'node-config-literal config/production.json:3 {"path":"auth.apiKey","profile":"production","length":12}',
    ]);
  });

  it('ignores other files and reports a broken one by name', () => {
    assert.deepEqual(settings({ 'config/development.yml': 'secret: dev\n', 'src/config/default.ts': 'export default { secret: "x" }' }), []);
    const out = runExtractor(extractor, { 'config/default.json': '{ "secret": ' });
    assert.equal(out.facts.length, 0);
    assert.match(out.diagnostics.map((d) => d.message).join('\n'), /js\/node-config could not read this file: not valid JSON/);
  });
});
