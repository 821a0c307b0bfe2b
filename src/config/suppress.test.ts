import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/errors.js';
import { matchSuppression, todayIso } from './suppress.js';
import type { Suppression } from './types.js';

const THREAT = '0b7c2a10-1111-5222-8333-444455556666';
const target = { ruleId: 'express-cors-credentials-wildcard', threatId: THREAT, files: ['src/legacy/app.js'] };
const config = (...suppressions: Suppression[]) => ({ suppressions });

describe('matchSuppression', () => {
  it('suppresses by rule, narrowed by path globs', () => {
    const byRule = config({ rule: 'express-cors-credentials-wildcard', paths: ['src/legacy/**'], reason: 'legacy' });
    assert.deepEqual(matchSuppression(byRule, target, '2026-01-01'), { suppressed: true, reason: 'legacy' });
    assert.deepEqual(matchSuppression(byRule, { ...target, files: ['src/new/app.js'] }, '2026-01-01'), { suppressed: false });
    assert.deepEqual(matchSuppression(byRule, { ...target, files: [] }, '2026-01-01'), { suppressed: false }, 'a path needs evidence');
    assert.deepEqual(matchSuppression(byRule, { ...target, ruleId: 'other' }, '2026-01-01'), { suppressed: false });
  });

  it('suppresses by threat id, and by rule glob', () => {
    assert.equal(matchSuppression(config({ threat: THREAT.toUpperCase(), paths: [], reason: 'ok' }), target, '2026-01-01').suppressed, true);
    assert.equal(matchSuppression(config({ rule: 'express-cors-*', paths: [], reason: 'ok' }), target, '2026-01-01').suppressed, true);
    const both = config({ rule: 'express-cors-credentials-wildcard', threat: 'another-id', paths: [], reason: 'ok' });
    assert.equal(matchSuppression(both, target, '2026-01-01').suppressed, false, 'rule and threat must both match');
  });

  it('applies through the expiry day and reports an expired suppression instead of applying it', () => {
    const dated = config({ rule: target.ruleId, paths: [], reason: 'until the rewrite', expires: '2026-12-31' });
    assert.equal(matchSuppression(dated, target, '2026-12-31').suppressed, true);
    assert.deepEqual(matchSuppression(dated, target, '2027-01-01'), {
      suppressed: false,
      expired: { reason: 'until the rewrite', expires: '2026-12-31' },
    });
  });

  it('prefers a live suppression over an expired one', () => {
    const mixed = config(
      { rule: target.ruleId, paths: [], reason: 'old', expires: '2020-01-01' },
      { threat: THREAT, paths: [], reason: 'current' },
    );
    assert.deepEqual(matchSuppression(mixed, target, '2026-01-01'), { suppressed: true, reason: 'current' });
  });

  it('ignores a suppression that names neither rule nor threat', () => {
    assert.deepEqual(matchSuppression(config({ paths: [], reason: 'everything' }), target, '2026-01-01'), { suppressed: false });
  });
});

describe('todayIso', () => {
  it('reads THREATCODE_TODAY, else the UTC date', () => {
    assert.equal(todayIso({ THREATCODE_TODAY: '2026-03-04' }), '2026-03-04');
    assert.equal(todayIso({}, new Date('2026-05-06T23:59:59Z')), '2026-05-06');
    assert.throws(() => todayIso({ THREATCODE_TODAY: 'tomorrow' }), UsageError);
    assert.throws(() => todayIso({ THREATCODE_TODAY: '2026-02-30' }), UsageError);
  });
});
