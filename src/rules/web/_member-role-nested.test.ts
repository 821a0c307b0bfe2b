import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './member-role-change-without-role-check.js';

describe('member-role-change-without-role-check: nested memberships', () => {
  it('rates the audience of an object nested in the organisation below an organisation membership', async () => {
    const dir = new URL('./member-role-change-without-role-check.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (path: string) => model.threats.find((t) => t.ruleId === rule.meta.id && t.title.includes(`DELETE ${path}`));
    const nested = at('/orgs/:orgId/shelves/:shelfId/lists/:listId/members/:memberId');
    const org = at('/orgs/:orgId/members/:memberId');
    assert.ok(nested && org, 'both reported');
    const rank = ['low', 'medium', 'high', 'critical'];
    assert.ok(rank.indexOf(nested.severity) < rank.indexOf(org.severity), `nested ${nested.severity} below ${org.severity}`);
  });
});
