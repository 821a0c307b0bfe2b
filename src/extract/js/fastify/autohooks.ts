// @fastify/autoload `autoHooks`: hooks added in a folder's `autohooks.(js|ts)` apply to every route
// plugin autoload registers from that folder (and, with `cascadeHooks`, from its sub-folders).
// The per-file pass records the hooks and the autoload roots; link (after the route linker ran)
// raises the auth of the affected routes. Both records are internal and removed by link.
import { posix } from 'node:path';
import type { AuthFact, ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, literalValue, nodesUnder, objectProp, resolveObject, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { mwRef } from '../_lib/routes-refs.js';
import { applyAutoloadedPlugins } from './autoload-plugins.js';
import { decideAuth, routeTags, type MwRef } from '../_lib/routes.js';

const HOOKS_SETTING = 'js-fastify-autohooks';
const AUTH_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);
const AUTOHOOKS_FILE = /(^|\/)autohooks\.[cm]?[jt]s$/;

interface HooksRecord {
  dir: string;
  mw: MwRef[];
}

export interface RootRecord {
  dir: string;
  /** `autoHooks: true`: autohooks files in the folder apply to its route plugins. */
  hooks: boolean;
  cascade: boolean;
}

export const ROOT_SETTING = 'js-fastify-autoload-root';

export function record(setting: string, index: JsIndex, at: AstNode, data: object, n: number): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting, values: { data: JSON.stringify(data) }, evidence: index.evidence(at), key: `${index.file}#${setting}:${n}` };
  return fact;
}

/**
 * Paths a hook lets through before checking: `if (request.url.startsWith('/api/auth/login')) return`
 * (prefix, as a `re:` entry) or `request.url === '/health'` (exact).
 */
function exemptions(fn: AstNode, index: JsIndex): string[] {
  const out: string[] = [];
  const text = index.text(fn);
  // Only an early return counts: `if (url.startsWith('/admin')) { check }` guards, not exempts.
  for (const m of text.matchAll(/\bif\s*\([^)]*?\b(?:url|routerPath|routeOptions\.url)\s*(\.startsWith\(\s*|===?\s*)(['"`])([^'"`]+)\2\s*\)?\s*\)\s*\{?\s*return\b/g)) {
    const path = m[3].split('?')[0];
    out.push(m[1].startsWith('.') ? `re:^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` : path);
  }
  return out;
}

/** Per-file records: hooks of an autohooks file, and @fastify/autoload registrations (folder, hook options). */
export function autohookRecords(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const isHooksFile = AUTOHOOKS_FILE.test(index.file);
  const mw: MwRef[] = [];
  let first: AstNode | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    const args = call.arguments as AstNode[];
    if (isHooksFile && prop === 'addHook' && args.length >= 2) {
      const hook = stringValue(args[0], index);
      if (!hook || !AUTH_HOOKS.has(hook)) continue;
      const ref = mwRef(args[1], index);
      const fn = unwrap(args[1]);
      const unless = isFunctionLike(fn) ? exemptions(fn, index) : [];
      if (unless.length > 0) ref.unless = [...(ref.unless ?? []), ...unless];
      mw.push(ref);
      first ??= call;
    } else if (prop === 'register' && args.length >= 2 && /^(@fastify\/autoload|fastify-autoload)(\.default)?$/.test(index.resolvedName(unwrap(args[0])) ?? '')) {
      const opts = resolveObject(args[1], index);
      const dirNode = objectProp(opts, 'dir');
      const parts = dirNode ? nodesUnder(dirNode, 'Literal').map((l) => literalValue(l as AstNode)).filter((v): v is string => typeof v === 'string') : [];
      if (parts.length === 0) continue;
      const dir = posix.normalize(posix.join(posix.dirname(index.file), ...parts));
      out.push(record(ROOT_SETTING, index, call, { dir, hooks: literalValue(objectProp(opts, 'autoHooks'), index) === true, cascade: literalValue(objectProp(opts, 'cascadeHooks'), index) === true }, out.length));
    }
  }
  if (first && mw.length > 0) out.push(record(HOOKS_SETTING, index, first, { dir: posix.dirname(index.file), mw }, out.length));
  return out;
}

export function parseRecord<T>(f: ConfigFact): T | undefined {
  try {
    return JSON.parse(String(f.values.data)) as T;
  } catch {
    return undefined;
  }
}

/** Resolve `fastify.authenticate`-style hooks against guard definitions found by js/auth. */
function resolveHook(ref: MwRef, guards: Map<string, AuthFact>): MwRef {
  if (ref.role !== undefined) return ref;
  const def = guards.get(ref.byName ?? ref.name.split('.').pop() ?? ref.name);
  if (!def) return ref;
  const level = String(def.details?.level ?? 'user');
  return { ...ref, role: level === 'admin' ? 'auth-admin' : level === 'role' ? 'auth-role' : 'auth-user', mechanism: def.mechanism, why: `${ref.name}: ${def.name ?? 'guard'} in ${def.evidence.file}` };
}

const RANK = { none: 0, unknown: 1, user: 2, admin: 3 } as const;

/** Link step: raise the auth of routes under an autohooks folder, and drop the internal records. */
export function applyAutohooks(input: Fact[]): Fact[] {
  const hooks: (HooksRecord & { file: string })[] = [];
  const roots: RootRecord[] = [];
  const guards = new Map<string, AuthFact>();
  for (const f of input) {
    if (f.kind === 'config' && f.setting === HOOKS_SETTING) {
      const h = parseRecord<HooksRecord>(f);
      if (h) hooks.push({ ...h, file: f.evidence.file });
    } else if (f.kind === 'config' && f.setting === ROOT_SETTING) {
      const r = parseRecord<RootRecord>(f);
      if (r) roots.push(r);
    } else if (f.kind === 'auth' && f.role === 'guard-definition' && f.name && !guards.has(f.name)) guards.set(f.name, f);
  }
  const internal = (f: Fact) => f.kind === 'config' && (f.setting === HOOKS_SETTING || f.setting === ROOT_SETTING);
  const facts = applyAutoloadedPlugins(input, roots);
  const within = (file: string, dir: string) => file.startsWith(`${dir}/`);
  // Hooks of a folder that an autoHooks root covers; the same folder only, unless cascading.
  const active = hooks
    .map((h) => ({ ...h, mw: h.mw.map((r) => resolveHook(r, guards)), root: roots.find((r) => r.hooks && (h.dir === r.dir || within(h.dir, r.dir))) }))
    .filter((h): h is typeof h & { root: RootRecord } => h.root !== undefined);
  return facts.filter((f) => !internal(f)).map((f) => {
    if (f.kind !== 'entrypoint' || f.framework !== 'fastify') return f;
    const applying = active.filter((h) => f.evidence.file !== h.file && (posix.dirname(f.evidence.file) === h.dir || (h.root.cascade && within(f.evidence.file, h.dir))));
    if (applying.length === 0) return f;
    return raise(f, applying.flatMap((h) => h.mw));
  });
}

function raise(f: EntrypointFact, chain: MwRef[]): EntrypointFact {
  const decision = decideAuth(chain, undefined, f.path);
  if (RANK[decision.auth] <= RANK[f.auth ?? 'none']) return f;
  return {
    ...f,
    auth: decision.auth,
    authEvidence: [...decision.evidence.map((e) => `autohooks: ${e}`), ...(f.authEvidence ?? [])],
    middleware: [...chain.map((r) => r.name), ...(f.middleware ?? [])],
    tags: routeTags(f.method, f.path, chain, f.handler?.name, f.tags ?? []),
  };
}
