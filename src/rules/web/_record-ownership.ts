// How records of a data model belong to users, and whether the routes of one record show a
// shared-workspace design (underscore: not a rule). Used by bola-idor to tell records only their
// owner may touch from records every user of the application works on by design.
import { posix } from 'node:path';
import type { ConfigFact, DataModelFact, EntrypointFact } from '../../model/types.js';
import { fileNoExt, pathParamOf } from '../../extract/js/_lib/routes.js';
import type { MethodScope } from '../../extract/js/_lib/record-scope-classes.js';

export { pathParamOf };

/**
 * `owned`: a column names the user, account or tenant the record belongs to (or a parent record
 * has one). `authored`: the only user columns stamp who wrote the record (author, creator), which
 * decides who may change it but not who may read it. `none`: no user column at all.
 */
export type Ownership = 'owned' | 'authored' | 'none';

/** Columns that say whose record it is (possession); authorship stamps are listed separately. */
const OWNER_FIELD = /^(user|userId|user_id|UserId|owner|ownerId|owner_id|OwnerId|customer|customerId|customer_id|CustomerId|account|accountId|account_id|AccountId|tenant|tenantId|tenant_id|TenantId|org|orgId|org_id|organization|organizationId|organization_id|OrganizationId|member|memberId|profile|profileId|seller|sellerId|buyer|buyerId|patient|patientId|student|studentId|employee|employeeId|client|clientId|uid)$/;
const AUTHOR_FIELD = /^(author|authorId|author_id|AuthorId|createdBy|created_by|CreatedBy|createdById|created_by_id|creator|creatorId|creator_id|CreatorId)$/;
/** Work items handed from one user to another (`assigned_user_id`, `assignee`). */
const ASSIGNEE_FIELD = /^(assignee|assignees|assigneeId|assignee_id|AssigneeId|assignedTo|assigned_to|assignedToId|assigned_to_id|assignedUser|assigned_user|assignedUserId|assigned_user_id|AssignedUserId)$/;
const USER_MODEL = /^(user|account|member|customer|profile)$/;

export function normalModelName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '').replace(/(ies)$/, 'y').replace(/s$/, '');
}

/** Ownership of a model's records: its own columns first, then (one level up) its parent record's. */
export function ownershipOf(model: DataModelFact, models: ReadonlyMap<string, DataModelFact>, depth = 0): Ownership {
  if (USER_MODEL.test(normalModelName(model.name)) || model.fields.some((f) => OWNER_FIELD.test(f))) return 'owned';
  if (model.fields.some((f) => AUTHOR_FIELD.test(f))) return 'authored';
  if (depth > 0) return 'none';
  let best: Ownership = 'none';
  for (const f of model.fields) {
    const parent = /^(\w+?)_?(Id|ID|id)$/.exec(f)?.[1];
    const p = parent ? models.get(normalModelName(parent)) : undefined;
    if (!p || p === model || USER_MODEL.test(normalModelName(p.name))) continue;
    const own = ownershipOf(p, models, depth + 1);
    if (own === 'owned') return 'owned';
    if (own === 'authored') best = 'authored';
  }
  return best;
}

export function hasAssigneeColumn(model: DataModelFact): boolean {
  return model.fields.some((f) => ASSIGNEE_FIELD.test(f));
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Other routes that change the same record (`DELETE /tasks/:id`, `POST /tasks/:id/assign` beside
 * `PATCH /tasks/:id`) and require a privileged role: the application decides who may change these
 * records by role, so a route left to every logged-in user is a decision, not a forgotten owner
 * check. Routes nobody may call (deny-all) are no such policy. `idParam` is the path parameter
 * the record id comes from.
 */
export function roleGatedSiblings(route: EntrypointFact, idParam: string, routes: Iterable<EntrypointFact>): EntrypointFact[] {
  const prefix = recordPrefix(route.path ?? '', idParam);
  if (!prefix) return [];
  const out: EntrypointFact[] = [];
  for (const r of routes) {
    if (r === route || r.auth !== 'admin' || r.tags?.includes('deny-all') || READ_METHODS.has((r.method ?? '').toUpperCase())) continue;
    const segs = segments(r.path ?? '');
    if (segs.length >= prefix.length && prefix.every((s, i) => (s === ':' ? segs[i].startsWith(':') || segs[i].startsWith('{') : s === segs[i]))) out.push(r);
  }
  return out;
}

/** `/api/tasks/:id/upload` with `id` → [`api`, `tasks`, `:`] (any parameter name matches `:`). */
function recordPrefix(path: string, idParam: string): string[] | undefined {
  const segs = segments(path);
  const at = segs.findIndex((s) => s === `:${idParam}` || s === `{${idParam}}`);
  if (at <= 0) return undefined;
  return [...segs.slice(0, at), ':'];
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}


/** `record-scope` facts by file (no extension): export → positions of the parameters that scope its queries. */
export type RecordScopes = Map<string, Record<string, number[]>>;

export function recordScopes(facts: readonly ConfigFact[]): RecordScopes {
  const out: RecordScopes = new Map();
  for (const f of facts) {
    if (f.setting !== 'record-scope' || typeof f.values.data !== 'string') continue;
    try {
      out.set(fileNoExt(f.evidence.file), JSON.parse(f.values.data) as Record<string, number[]>);
    } catch {
      // a malformed record scopes nothing
    }
  }
  return out;
}

/**
 * Did the handler hand the caller's identity to a service that puts it into its query criteria
 * (`svc.getTool(req.params.id, workspaceId)` → `findOneBy({ id, workspaceId })`)? Relative imports
 * and path aliases are resolved against the files that have a `record-scope` fact; an unresolved
 * or unknown service scopes nothing.
 */
export function scopedByService(access: ConfigFact, scopes: RecordScopes): boolean {
  const { scopeFrom: from, scopeModule: spec, scopeExport: exp, scopeArgs } = access.values;
  if (typeof from !== 'string' || typeof spec !== 'string' || typeof exp !== 'string' || typeof scopeArgs !== 'string') return false;
  const args = scopeArgs.split(',').map(Number);
  const bare = fileNoExt(spec);
  const candidates: string[] = [];
  if (bare.startsWith('.')) candidates.push(posix.normalize(posix.join(posix.dirname(from), bare)));
  else {
    const trimmed = bare.replace(/^[@~#]\//, '');
    for (const k of scopes.keys()) if (k === trimmed || k.endsWith(`/${trimmed}`) || k.endsWith(`/${trimmed}/index`)) candidates.push(k.replace(/\/index$/, ''));
  }
  for (const c of candidates) {
    const data = scopes.get(c) ?? scopes.get(`${c}/index`);
    const scoped = data?.[exp];
    if (scoped) return args.some((i) => scoped.includes(i));
  }
  return false;
}

/** `record-scope-class` facts by file (no extension): `Class.method` → what becomes of each parameter (record-scope-classes.ts). */
export type ClassScopes = Map<string, Record<string, MethodScope>>;

export function classScopes(facts: readonly ConfigFact[]): ClassScopes {
  const out: ClassScopes = new Map();
  for (const f of facts) {
    if (f.setting !== 'record-scope-class' || typeof f.values.data !== 'string') continue;
    try {
      out.set(fileNoExt(f.evidence.file), JSON.parse(f.values.data) as Record<string, MethodScope>);
    } catch {
      // a malformed record scopes nothing
    }
  }
  return out;
}

/**
 * The file (of `keys`) an import specifier names: a relative path, or an alias or workspace
 * package (`@acme/lib/db/posts.repository`, `@/db/x`, `src/db/x`) by the longest suffix of its
 * path that ends exactly one known file (at least two segments, so a bare `index` matches nothing).
 */
export function resolveScopeFile(from: string, spec: string, keys: Iterable<string>): string | undefined {
  const bare = fileNoExt(spec);
  const known = [...keys];
  if (bare.startsWith('.')) {
    const p = posix.normalize(posix.join(posix.dirname(from), bare));
    return known.find((k) => k === p || k === `${p}/index`);
  }
  const segs = bare.split('/');
  for (let drop = 1; segs.length - drop >= 2; drop++) {
    const suffix = segs.slice(drop).join('/');
    const hits = known.filter((k) => k.endsWith(`/${suffix}`) || k.endsWith(`/${suffix}/index`));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}

type ParamFate = 'scoped' | 'unused' | 'unknown';

/** What a method of a class file does with one parameter, following forwards (a few levels). */
function paramFate(scopes: ClassScopes, file: string, member: string, pos: number, depth: number): ParamFate {
  const m = scopes.get(file)?.[member];
  if (!m || depth > 3) return 'unknown';
  if (m.s.includes(pos)) return 'scoped';
  if (m.u.includes(pos)) return 'unused';
  if (m.o.includes(pos)) return 'unknown';
  const forwards = m.f.filter((f) => f[0] === pos);
  if (forwards.length === 0) return 'unknown';
  const fates = forwards.map(([, spec, target, arg]) => {
    const next = spec ? resolveScopeFile(file, spec, scopes.keys()) : file;
    return next ? paramFate(scopes, next, target, arg, depth + 1) : 'unknown';
  });
  if (fates.includes('scoped')) return 'scoped';
  return fates.every((f) => f === 'unused') ? 'unused' : 'unknown';
}

/**
 * The service method the handler calls takes the caller from the request context itself and
 * selects or checks with it (`record-scope-class` `c`: `const userId = this.cls.get('user.id');
 * ... where: { id, userId }`): the handler need not hand it over.
 */
export function selfScoped(access: ConfigFact, scopes: ClassScopes): boolean {
  const { scopeFrom: from, scopeModule: spec, scopeExport: exp } = access.values;
  if (typeof from !== 'string' || typeof spec !== 'string' || typeof exp !== 'string') return false;
  const file = resolveScopeFile(from, spec, scopes.keys());
  return !!file && scopes.get(file)?.[exp]?.c === 1;
}

/**
 * The handler gave the data layer the caller (or its organisation) with the id, and every method
 * it reaches through the injected classes drops it: the query selects by the id alone
 * (`editTag(id, orgId)` → `update({ where: { id } })`). Anything else (a scoped query, a check,
 * an unresolved class) keeps the trust the handler's call earns.
 */
export function callerIgnored(access: ConfigFact, scopes: ClassScopes): boolean {
  const { scopeFrom: from, scopeModule: spec, scopeExport: exp, scopeArgs } = access.values;
  if (typeof from !== 'string' || typeof spec !== 'string' || typeof exp !== 'string' || typeof scopeArgs !== 'string' || !scopeArgs) return false;
  const file = resolveScopeFile(from, spec, scopes.keys());
  if (!file) return false;
  return scopeArgs.split(',').map(Number).every((i) => paramFate(scopes, file, exp, i, 0) === 'unused');
}
