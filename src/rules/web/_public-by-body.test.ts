import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './unauthenticated-state-changing-route.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/', import.meta.url).pathname;

describe('unauthenticated-state-changing-route: what the handler does', () => {
  it('rates low a public route whose only effect is an e-mail, and keeps an open write high', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const severity = (path: string) => model.threats.find((t) => t.title.includes(path))?.severity;
    assert.equal(severity('/api/links/abuse'), 'low');
    assert.ok(['high', 'critical'].includes(severity('/api/auth/set-password') ?? ''), 'a write that no token selects');
    assert.equal(severity('/api/auth/new-password'), undefined, 'a mailed token selects the account it changes');
  });
});
