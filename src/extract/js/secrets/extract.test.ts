import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function secrets(files: Record<string, string>): SecretFact[] {
  return runExtractor(extractor, files).facts.filter((f): f is SecretFact => f.kind === 'secret');
}

describe('extract/js/secrets', () => {
  it('finds provider keys and credential assignments, always redacted', () => {
    const facts = secrets({
      'src/config.js': `module.exports = {
  stripeKey: 'sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv',
  dbPassword: 'hunter2-but-longer',
  mongo: 'mongodb://admin:S3cretPass@db.example.com/app',
  jwtSecretName: 'JWT_SECRET',
  passwordMinLength: 8,
  apiKey: process.env.API_KEY,
};`,
    });
    assert.deepEqual(facts.map((f) => f.secretType).sort(), ['connection-string-password', 'password', 'stripe-secret-key']);
    for (const f of facts) {
      assert.match(f.redacted, /^.{0,4}\*\*\*\*$/);
      assert.ok(!(f.evidence.snippet ?? '').includes('hunter2-but-longer'));
      assert.ok(!(f.evidence.snippet ?? '').includes('S3cretPass'));
    }
  });

  it('marks JWT and session secrets with their usage, skips enums and public client keys', () => {
    const facts = secrets({
      'src/app.js': `const JWT_SECRET = 'supersecretvalue';
const tokenTypes = { RESET_PASSWORD: 'resetPassword' };
jwt.sign(payload, JWT_SECRET);
const firebaseConfig = { apiKey: 'AIzaSyD3kX9-abcdefGHIJklmnOPQRstuvWXyz1', authDomain: 'x.firebaseapp.com' };
`,
    });
    assert.deepEqual(facts.map((f) => `${f.secretType}:${f.usage}`), ['secret:jwt']);
  });

  it('ignores name heuristics in test files but keeps provider formats', () => {
    const facts = secrets({ 'test/login.test.js': `const password = 'correct-horse'; const key = 'AKIAQ3EGXR7PLMN4T2VB';` });
    assert.deepEqual(facts.map((f) => f.secretType), ['aws-access-key-id']);
  });
});
