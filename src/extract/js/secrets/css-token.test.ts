import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/secrets design tokens', () => {
  it('skips CSS custom properties bound to a `token` key, keeps a real token', () => {
    const src = `const SWATCHES: Array<{ token: string; label: string }> = [
  { token: "--surface-raised", label: "raised panel" },
  { token: "var(--accent-muted)", label: "accent" },
];
export const client = { token: "ghp_8fK2mQz7LwP4xR9tVb3NcY6hJd1sA0eUoIgT" };
`;
    const lines = runExtractor(extractor, { 'src/components/Swatches.tsx': src })
      .facts.filter((f): f is SecretFact => f.kind === 'secret')
      .map((f) => f.evidence.line);
    assert.deepEqual(lines, [5]);
  });
});
