import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './oauth-account-linking-by-identifier.js';

const FIXTURE = new URL('./oauth-account-linking-by-identifier.fixture/', import.meta.url).pathname;

describe('oauth-account-linking-by-identifier: rated by what the attacker must control', () => {
  it('rates a username lookup above an unverified-email lookup', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const by = (file: string) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file.endsWith(file));
    const username = by('github.strategy.ts');
    const email = by('passport.js');
    assert.ok(username && email, 'both findings');
    // Anyone can register a login name on the provider: a takeover of any account.
    assert.ok(['critical', 'high'].includes(username.severity), username.severity);
    // An address needs a provider that reports an unverified or tenant-set one.
    assert.ok(username.score.likelihood > email.score.likelihood, `${username.score.likelihood} > ${email.score.likelihood}`);
    assert.equal(email.confidence, 'medium');
  });
});
