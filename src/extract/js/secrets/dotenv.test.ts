import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dotenvSecretFacts, isCommittedDotenv, weakness } from './dotenv.js';

describe('extract/js/secrets dotenv', () => {
  it('reads committed env files, not examples, templates or test settings', () => {
    assert.ok(isCommittedDotenv('.env'));
    assert.ok(isCommittedDotenv('api/.env.production'));
    for (const p of ['.env.example', 'api/.env.sample', '.env.template', '.env.test', 'src/env.ts', '.envrc']) assert.ok(!isCommittedDotenv(p), p);
  });

  it('calls dictionary words and short values weak, random ones and placeholders not', () => {
    assert.equal(weakness('access'), 'dictionary');
    assert.equal(weakness('keyboard cat'), 'dictionary');
    assert.equal(weakness('my-app-secret2024'), 'dictionary');
    assert.equal(weakness('x9!Kq2'), 'short');
    assert.equal(weakness('q7Vd2kP9xLr4mZ8tW1sB6nH3yF0cJ5gA'), undefined);
    assert.equal(weakness('<your-jwt-secret>'), undefined);
    assert.equal(weakness(''), undefined);
  });

  it('cites the line and never keeps the value', () => {
    const facts = dotenvSecretFacts({ path: '.env', content: 'PORT=3000\nexport JWT_SECRET="hunter"\nDB_HOST=db\n' });
    assert.equal(facts.length, 1);
    const [f] = facts;
    assert.equal(f.evidence.line, 2);
    assert.equal(f.evidence.snippet, 'JWT_SECRET=****');
    assert.ok(!JSON.stringify(f).includes('hunter'));
  });
});
