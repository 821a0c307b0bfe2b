// Child controllers (OvernightJS `@ChildControllers([new A(), new B()])`): the parent's router
// mounts each child's router at the child's own path, after `router.use(classMiddleware)`. So a
// child's routes sit under the parent's path and behind the parent's class middleware, which the
// child's file cannot see. Extraction records each parent; link moves the children's routes.
import type { ConfigFact, EntrypointFact, Evidence, Fact, FactInput } from '../../../model/types.js';
import { decodeMeta, encodeMeta, joinPath, ROUTE_TAG, type MwRef } from '../_lib/routes.js';

export const CHILDREN_SETTING = 'js-decorator-children';

export interface ChildRecord {
  framework: string;
  /** Parent controller class name. */
  parent: string;
  /** Parent controller path (`/v1`). */
  prefix: string;
  /** Parent class middleware, run before the children's routes. */
  mw: MwRef[];
  /** Child controller class names. */
  children: string[];
}

export function childFact(record: ChildRecord, evidence: Evidence, key: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: CHILDREN_SETTING, values: { data: JSON.stringify(record) }, evidence, key };
  return fact;
}

function recordOf(f: Fact): ChildRecord | undefined {
  if (f.kind !== 'config' || f.setting !== CHILDREN_SETTING || typeof f.values.data !== 'string') return undefined;
  try {
    return JSON.parse(f.values.data) as ChildRecord;
  } catch {
    return undefined;
  }
}

/**
 * Each child class's mount: its parents' paths joined and their class middleware, outermost first
 * (a parent may itself be a child). Classes are matched by name; the first parent seen wins.
 */
function mounts(records: ChildRecord[]): Map<string, { prefix: string; mw: MwRef[] }> {
  const parentOf = new Map<string, ChildRecord>();
  for (const r of records) for (const c of r.children) if (!parentOf.has(`${r.framework}:${c}`)) parentOf.set(`${r.framework}:${c}`, r);
  const out = new Map<string, { prefix: string; mw: MwRef[] }>();
  for (const key of parentOf.keys()) {
    let prefix = '';
    let mw: MwRef[] = [];
    const seen = new Set<string>();
    for (let at = parentOf.get(key); at && !seen.has(at.parent); at = parentOf.get(`${at.framework}:${at.parent}`)) {
      seen.add(at.parent);
      prefix = joinPath(at.prefix, prefix || '/');
      mw = [...at.mw, ...mw];
    }
    out.set(key, { prefix, mw });
  }
  return out;
}

/** Routes of child controllers under their parents' paths and behind their class middleware; the records removed. */
export function linkChildren(facts: Fact[], extractorId: string): Fact[] {
  const records = facts.map(recordOf).filter((r): r is ChildRecord => r !== undefined);
  if (records.length === 0) return facts;
  const byChild = mounts(records);
  return facts.flatMap((f): Fact[] => {
    if (recordOf(f)) return [];
    if (f.kind !== 'entrypoint' || f.extractor !== extractorId || !f.handler) return [f];
    const mount = byChild.get(`${f.framework ?? ''}:${(f.handler.name ?? '').split('.')[0]}`);
    if (!mount) return [f];
    const path = joinPath(mount.prefix, f.path ?? '/');
    const meta = decodeMeta(f.tags);
    const tags = meta ? (f.tags ?? []).map((t) => (t.startsWith(ROUTE_TAG) ? encodeMeta({ ...meta, local: path, mw: [...mount.mw, ...meta.mw] }) : t)) : f.tags;
    const moved: EntrypointFact = { ...f, path, ...(tags ? { tags } : {}), key: `${f.evidence.file}#entrypoint:${f.protocol} ${f.method ?? ''} ${path}` };
    return [moved];
  });
}
