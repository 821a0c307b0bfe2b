// Hapi route prerequisites (`options.pre`): functions that run, in order, before the handler. A pre
// method that throws `Boom.forbidden()` (or answers 403 and takes over) is an authorisation guard,
// so each item becomes route middleware that the shared guard classification (same file) and link
// (imported guards) judge like Express middleware.
//
// An "owner or admin" pre (`if (isAdmin) return h.continue; if (params.userId === userId) return
// h.continue; throw Boom.forbidden()`) is classified `admin` by the shared classifier because it
// tests an admin flag. It admits every owner, so after link such routes are set back to `user` and
// their record accesses by the checked path parameter count as ownership-checked (dropped).
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { isFunctionLike, objectProp, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { mwRef } from '../_lib/routes-refs.js';
import type { MwRef } from '../_lib/routes.js';
import { classifyGuardOwnerAware, mayHoldOwnerGuard, ownerOrAdminShape } from './owner-guard.js';

const PRE_CHAIN = 'hapi-pre-chain';
const OWNER_GUARD = 'hapi-owner-guard';

/** Pre method expressions in run order: bare functions, `{ method, assign }`, nested (parallel) arrays. */
export function preMethods(node: AstNode | undefined, index: JsIndex, depth = 0): AstNode[] {
  let n = unwrap(node);
  if (!n || depth > 3) return [];
  if (n.type === 'Identifier') {
    const init = unwrap(index.constInit(n.name));
    if (init && init.type === 'ArrayExpression') n = init;
  }
  if (n.type !== 'ArrayExpression') return [n];
  const out: AstNode[] = [];
  for (const e of n.elements) {
    if (!e || e.type === 'SpreadElement') continue;
    const item = unwrap(e as AstNode);
    if (item.type === 'ArrayExpression') out.push(...preMethods(item, index, depth + 1));
    else if (item.type === 'ObjectExpression') {
      const method = objectProp(item, 'method');
      if (method) out.push(method);
    } else out.push(item);
  }
  return out;
}

interface PreTarget {
  name: string;
  /** Same-file function name. */
  local?: string;
  module?: string;
  from?: string;
  export?: string;
}

/** Route middleware for the pre methods, plus the internal fact link uses to spot owner-or-admin pres. */
export function preRefs(preNode: AstNode | undefined, index: JsIndex, route: { file: string; line: number }): { refs: MwRef[]; fact?: FactInput } {
  const methods = preMethods(preNode, index);
  if (methods.length === 0) return { refs: [] };
  const refs: MwRef[] = [];
  const targets: PreTarget[] = [];
  for (const m of methods) {
    const ref = mwRef(m, index);
    const n = unwrap(m);
    const local = n.type === 'Identifier' ? index.functionByName(n.name) : isFunctionLike(n) ? n : undefined;
    // `auth-user` too: the classifier already reads a combined `isAdmin || owner` test as user.
    if (local && (ref.role === 'auth-admin' || ref.role === 'auth-user') && ownerOrAdminShape(local, index)) {
      // Same-file owner-or-admin pre: decided here.
      refs.push({ ...ref, role: 'auth-user', why: `${ref.name}: owner or admin check` });
      targets.push({ name: ref.name, local: n.type === 'Identifier' ? n.name : '<inline>' });
      continue;
    }
    refs.push(ref);
    if (ref.module && ref.from && ref.export) targets.push({ name: ref.name, module: ref.module, from: ref.from, export: ref.export });
  }
  if (targets.length === 0) return { refs };
  const ownerParams = methods.flatMap((m) => {
    const n = unwrap(m);
    const local = n.type === 'Identifier' ? index.functionByName(n.name) : isFunctionLike(n) ? n : undefined;
    return local ? (ownerOrAdminShape(local, index)?.params ?? []) : [];
  });
  const fact: FactInput = {
    kind: 'config',
    setting: PRE_CHAIN,
    values: { routeFile: route.file, routeLine: route.line, data: JSON.stringify({ targets, ownerParams }) },
    summary: `hapi pre chain ${targets.map((t) => t.name).join(', ')}`,
    evidence: { file: route.file, line: route.line },
    key: `${route.file}#config:${PRE_CHAIN}:${route.line}`,
  };
  return { refs, fact };
}

/** Exported (or same-file) pre functions of the owner-or-admin shape, for link. */
export function ownerGuardFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  if (!mayHoldOwnerGuard(index.content)) return out;
  const seen = new Set<FunctionLike>();
  const consider = (fn: FunctionLike, name: string | undefined, at: AstNode) => {
    if (!name || seen.has(fn)) return;
    seen.add(fn);
    const shape = classifyGuardOwnerAware(fn, index);
    if (!shape) return;
    const exports = [...index.exports].filter(([, v]) => {
      const u = unwrap(v);
      return u === fn || u === at || (u.type === 'Identifier' && u.name === name);
    }).map(([e]) => e);
    out.push({
      kind: 'config',
      setting: OWNER_GUARD,
      values: { name, exports: exports.join(','), params: shape.params.join(',') },
      summary: `hapi owner-or-admin pre ${name}`,
      evidence: index.evidence(at),
      key: `${index.file}#config:${OWNER_GUARD}:${name}`,
    });
  };
  for (const fn of index.nodesOf('FunctionDeclaration')) consider(fn, fn.id?.name, fn);
  for (const d of index.nodesOf('VariableDeclarator')) {
    const init = unwrap(d.init as AstNode | null);
    if (init && isFunctionLike(init) && d.id.type === 'Identifier') consider(init, d.id.name, d);
  }
  return out;
}

function noExt(file: string): string {
  return file.replace(/\.(m|c)?(t|j)sx?$/, '').replace(/\/index$/, '');
}

/** `../auth-helpers` imported from `src/plugins/users.ts` → `src/auth-helpers`. */
function resolveRelative(from: string, module: string): string | undefined {
  if (!module.startsWith('.')) return undefined;
  const parts = from.split('/').slice(0, -1);
  for (const seg of module.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return noExt(parts.join('/'));
}

function parseData<T>(f: ConfigFact): T | undefined {
  try {
    return JSON.parse(String(f.values.data)) as T;
  } catch {
    return undefined;
  }
}

/**
 * After linkRoutes: routes whose pre chain holds an owner-or-admin guard are `user` routes (unless
 * another item of the chain or the auth scope demands admin), and their record accesses by the
 * path parameters the guard compares are not reported as unchecked. Internal facts are removed.
 */
export function linkPreGuards(facts: Fact[]): Fact[] {
  const guards = new Map<string, { params: string[] }>();
  const chains = new Map<string, { targets: PreTarget[]; ownerParams: string[] }>();
  const adminGuards = new Set<string>();
  for (const f of facts) {
    if (f.kind === 'auth' && f.role === 'guard-definition' && f.details?.level === 'admin') {
      for (const e of String(f.details.exports ?? '').split(',').filter(Boolean)) adminGuards.add(`${noExt(f.evidence.file)}#${e}`);
    }
    if (f.kind !== 'config') continue;
    if (f.setting === OWNER_GUARD) {
      const params = String(f.values.params ?? '').split(',').filter(Boolean);
      for (const e of String(f.values.exports ?? '').split(',').filter(Boolean)) guards.set(`${noExt(f.evidence.file)}#${e}`, { params });
      guards.set(`${f.evidence.file}#local:${String(f.values.name)}`, { params });
    } else if (f.setting === PRE_CHAIN) {
      const data = parseData<{ targets: PreTarget[]; ownerParams: string[] }>(f);
      if (data) chains.set(`${String(f.values.routeFile)}:${String(f.values.routeLine)}`, data);
    }
  }
  if (chains.size === 0) return facts.filter((f) => !(f.kind === 'config' && (f.setting === OWNER_GUARD || f.setting === PRE_CHAIN)));
  // Route (file:line) → params its owner-or-admin pres compare.
  const ownerRoutes = new Map<string, string[]>();
  const routeAdminOnly = new Map<string, boolean>();
  for (const [route, chain] of chains) {
    const params = [...chain.ownerParams];
    let owner = chain.ownerParams.length > 0 || chain.targets.some((t) => t.local);
    let otherAdmin = false;
    for (const t of chain.targets) {
      if (t.local) continue;
      const target = t.module && t.from ? resolveRelative(t.from, t.module) : undefined;
      const g = target ? guards.get(`${target}#${t.export}`) : undefined;
      if (g) {
        owner = true;
        params.push(...g.params);
      } else if (target && adminGuards.has(`${target}#${t.export}`)) otherAdmin = true;
    }
    if (!owner) continue;
    ownerRoutes.set(route, params);
    routeAdminOnly.set(route, otherAdmin);
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === OWNER_GUARD || f.setting === PRE_CHAIN)) continue;
    if (f.kind === 'config' && f.setting === 'record-access') {
      const params = ownerRoutes.get(`${String(f.values.routeFile)}:${String(f.values.routeLine)}`);
      const idSource = String(f.values.idSource ?? '');
      if (params && (params.length === 0 || params.some((p) => idSource === p || idSource.endsWith(`.${p}`)))) continue;
    }
    if (f.kind === 'entrypoint' && f.framework === 'hapi') {
      const key = `${f.evidence.file}:${f.evidence.line}`;
      if (ownerRoutes.has(key) && f.auth === 'admin' && !routeAdminOnly.get(key) && !adminScoped(f)) {
        out.push(userLevel(f));
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

/** The route's own auth option names an admin scope (kept admin whatever its pres do). */
function adminScoped(f: EntrypointFact): boolean {
  return f.middleware.some((m) => m.startsWith('auth scope')) && (f.authEvidence ?? []).some((e) => /^hapi auth scope/.test(e));
}

function userLevel(f: EntrypointFact): EntrypointFact {
  return { ...f, auth: 'user', authEvidence: [...(f.authEvidence ?? []), 'hapi pre: owner or admin check'] };
}
