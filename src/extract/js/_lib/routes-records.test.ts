// `record-scope` and `field-filter` facts on the shapes their shortcuts must not miss: the text
// test before a parameter's walk (a name written with a `\u` escape), a body that is itself the
// query call (the indexed lookup must keep the root), parameter decorators (index lists out of
// source order), and helpers that hand the copy back through a cast.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testContext } from '../../testing.js';
import { jsIndex } from './ast.js';
import { fieldFilterFacts, recordScopeFacts, scopedParams } from './routes-records.js';

function scopes(content: string, path = 'src/services/items.ts'): Record<string, number[]> {
  const facts = recordScopeFacts(jsIndex({ path, content }, testContext()));
  return facts.length ? (JSON.parse(String((facts[0] as { values: Record<string, unknown> }).values.data)) as Record<string, number[]>) : {};
}

function filters(content: string): string[] {
  return fieldFilterFacts(jsIndex({ path: 'src/lib/strip.ts', content }, testContext())).map((f) => String((f as { values: Record<string, unknown> }).values.name));
}

describe('extract/js/_lib/routes-records record-scope', () => {
  it('scopes a parameter that reaches the criteria, not one the body never names', () => {
    const data = scopes(`export async function getItem(itemId, workspaceId, unused) {
  return db.item.findFirst({ where: { id: itemId, workspaceId } });
}
`);
    assert.deepEqual(data, { getItem: [1] });
  });

  it('counts a parameter named only through a unicode escape', () => {
    const data = scopes(`export async function getItem(itemId, ws) {
  return db.item.findFirst({ where: { id: itemId, owner: w\\u0073 } });
}
`);
    assert.deepEqual(data, { getItem: [1] });
  });

  it('reads an arrow whose body is the query call itself', () => {
    const data = scopes(`export const getItem = (itemId, orgId) => repo.findOne({ where: { id: itemId, orgId } });
export const loose = (itemId, orgId) => repo.findOne({ where: { id: itemId } });
`);
    assert.deepEqual(data, { getItem: [1], loose: [] });
  });

  it('follows a local helper and a criteria object built field by field', () => {
    const data = scopes(`function load(itemId, tenant) {
  const query = { id: itemId };
  query.tenantId = tenant;
  return db.find(query);
}
export function getItem(itemId, tenant, note) {
  log(note);
  return load(itemId, tenant);
}
`);
    // The record id rides in the same criteria object as the tenant, so both reach it.
    assert.deepEqual(data, { getItem: [0, 1] });
  });

  it('judges methods with decorated parameters (index lists out of source order)', () => {
    const content = `export class ItemsService {
  find(@Inject(TOKEN) tenant = pick(defaults), recordId) {
    return this.repo.findOne({ where: { id: recordId, tenant } });
  }
}
`;
    const index = jsIndex({ path: 'src/items.service.ts', content }, testContext());
    const method = index.nodesOf('FunctionExpression')[0];
    assert.deepEqual([...scopedParams(method, index)], [0]);
  });
});

describe('extract/js/_lib/routes-records field-filter', () => {
  it('finds helpers that delete from a copy, keep a rest, or copy listed keys', () => {
    const names = filters(`export function withoutId(body) {
  const copy = { ...body };
  delete copy.id;
  return copy as Body;
}
export function withoutRole(input) {
  const { role, ...rest } = input;
  return rest;
}
export function pickAllowed(data) {
  const out = {};
  for (const k of ALLOWED) out[k] = data[k];
  return out;
}
export function deletesButKeeps(body) {
  const copy = { ...body };
  delete copy.id;
  return body.id;
}
`);
    assert.deepEqual(names, ['withoutId', 'withoutRole', 'pickAllowed']);
  });
});
