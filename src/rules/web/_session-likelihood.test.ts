import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './session-fixation-or-insecure-session-config.js';

const FIXTURE = new URL('./session-fixation-or-insecure-session-config.fixture/', import.meta.url).pathname;

describe('rules/web: a finding may lower its rule\'s likelihood', () => {
  it('scores session fixation below a forgeable session secret: the attacker must plant the id first', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const fixation = threats.filter((t) => t.cwe.length === 1 && t.cwe[0] === 'CWE-384');
    const config = threats.filter((t) => !t.cwe.includes('CWE-384'));
    assert.ok(fixation.length > 0 && config.length > 0, 'the fixture has both kinds of finding');
    for (const f of fixation) {
      for (const c of config) assert.ok(f.score.likelihood < c.score.likelihood, `${f.title}: ${f.score.likelihood} vs ${c.score.likelihood}`);
      // Fixation gives one victim's session at best (medium impact), a forgeable secret any session.
      assert.match(f.score.explanation, /× impact [\d.]+ \(medium base/);
      assert.ok(!['critical', 'high'].includes(f.severity), `${f.title}: ${f.severity}`);
    }
  });
});
