import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function facts(source: string): string[] {
  return runExtractor(extractor, { 'src/clients.ts': source })
    .facts.filter((f): f is ConfigFact => f.kind === 'config')
    .map((f) => `${f.setting} ${f.evidence.line} ${JSON.stringify(f.values)}`);
}

describe('extract/js/privilege-grants', () => {
  it('finds a write of a privileged level the caller picks, in a function that refuses nothing, and role gates', () => {
    assert.deepEqual(
      facts(`const schema = z.object({ name: z.string(), type: z.enum(['read', 'write', 'root']) });
export async function create(input) {
  return db.client.create({ data: { name: input.name, type: input.type ?? 'write' } });
}
export async function createChecked(input, access) {
  if (access?.role !== 'org:admin') throw new Error('admins only');
  return db.client.create({ data: { name: input.name, type: input.type } });
}
export async function rename(input) {
  return db.client.update({ where: { id: input.id }, data: { type: input.type } });
}
`),
      ['role-gate 6 {"level":"org:admin"}', 'privilege-grant 3 {"field":"type","levels":"root"}'],
    );
  });

  it('needs a privileged value among the choices', () => {
    assert.deepEqual(facts(`const schema = z.object({ role: z.enum(['member', 'viewer']) });
export const add = (body) => db.member.create({ data: { role: body.role } });
`), []);
  });
});
