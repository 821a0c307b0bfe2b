// Table-test helpers for version schemes (not used at run time).
import assert from 'node:assert/strict';
import type { VersionScheme } from './types.js';

/** Rows like `1.0.0 < 1.0.1`, `1.0 = 1.0.0`, `2 > 1`; checks both directions. */
export function assertOrder(scheme: Pick<VersionScheme, 'compare'>, table: string): void {
  for (const raw of table.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s+([<>=])\s+(\S+)$/.exec(line);
    assert.ok(m, `bad table row: ${line}`);
    const expected = m[2] === '<' ? -1 : m[2] === '>' ? 1 : 0;
    assert.equal(Math.sign(scheme.compare(m[1], m[3])) || 0, expected, line);
    assert.equal(Math.sign(scheme.compare(m[3], m[1])) || 0, -expected || 0, `${line} (reversed)`);
  }
}

/** Rows like `1.2.3 ^1.2.0 true`: version, requirement, expected satisfaction. */
export function assertSatisfies(check: (version: string, spec: string) => boolean | undefined, rows: [string, string, boolean | undefined][]): void {
  for (const [version, spec, expected] of rows) assert.equal(check(version, spec), expected, `${version} in ${spec}`);
}
