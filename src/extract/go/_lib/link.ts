// Whole-repository step of the Go route extractors (idempotent): routes registered on a router
// that came in as a parameter get the prefix and middleware of the call that passed it
// (`v1 := r.Group("/api/v1", auth); handlers.Register(v1)`), followed through several levels;
// middleware from other packages is resolved against Go guard definitions (AuthFacts) by package
// and name, and auth-looking names that stay unresolved count as `unknown`.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { joinPath } from '../../js/_lib/routes.js';
import { guardRef, judgeRoute, type MwRef } from '../../_polyglot/routes.js';
import { authLike } from './auth.js';
import { defaultAlias } from './index.js';
import { GO_ROUTE_TAG, type GoRouteMeta, type GoRouterCall } from './routes.js';

function read<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function packageOf(module: string): string {
  const path = module.replace(/^go:/, '');
  return path.includes('/') ? defaultAlias(path) : path;
}

function resolver(facts: readonly Fact[]): (ref: MwRef) => MwRef | undefined {
  const defs = facts.filter((f) => f.kind === 'auth' && f.role === 'guard-definition' && f.details?.language === 'go');
  return (ref) => {
    if (ref.module === undefined || !ref.module.startsWith('go:')) return ref;
    const named = defs.filter((d) => d.kind === 'auth' && d.name === ref.export);
    const hit = named.find((d) => d.kind === 'auth' && packageOf(String(d.details?.module ?? '')) === packageOf(ref.module ?? '')) ?? (named.length === 1 ? named[0] : undefined);
    // Where the middleware applies (`Use("/api", mw)`, paths an inline middleware lets past) stays with it.
    const scope = { ...(ref.under !== undefined ? { under: ref.under } : {}), ...(ref.unless ? { unless: ref.unless } : {}) };
    if (hit && hit.kind === 'auth') return { ...guardRef(ref.name, hit.details?.level === 'admin' ? 'admin' : 'user', `${ref.name} (${hit.evidence.file}:${hit.evidence.line})`, hit.mechanism), ...scope };
    return authLike(ref.name) ? { name: ref.name, role: 'auth-unknown', ...scope } : { name: ref.name, ...scope };
  };
}

export function linkGo(facts: Fact[]): Fact[] {
  const internal = (f: Fact) => f.kind === 'config' && f.setting === 'go-router-call';
  if (!facts.some((f) => internal(f) || (f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(GO_ROUTE_TAG))))) return facts;
  const calls = new Map<string, GoRouterCall>();
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== 'go-router-call') continue;
    const r = read<GoRouterCall>(String(f.values.data));
    if (r && !calls.has(r.target)) calls.set(r.target, r);
  }
  const resolve = resolver(facts);
  const mount = (recv: string | undefined, seen: Set<string>): { prefix: string; refs: MwRef[] } => {
    if (!recv || seen.has(recv)) return { prefix: '', refs: [] };
    seen.add(recv);
    const call = calls.get(recv);
    if (!call) return { prefix: '', refs: [] };
    const outer = mount(call.recv, seen);
    return { prefix: joinPath(outer.prefix || '/', call.prefix || '/'), refs: [...outer.refs, ...call.refs] };
  };
  const out: Fact[] = [];
  for (const f of facts) {
    if (internal(f)) continue;
    const tag = f.kind === 'entrypoint' ? f.tags?.find((t) => t.startsWith(GO_ROUTE_TAG)) : undefined;
    if (f.kind !== 'entrypoint' || !tag) {
      out.push(f);
      continue;
    }
    const meta = read<GoRouteMeta>(tag.slice(GO_ROUTE_TAG.length));
    const tags = f.tags?.filter((t) => !t.startsWith(GO_ROUTE_TAG));
    if (!meta) {
      out.push({ ...f, tags });
      continue;
    }
    const m = mount(meta.recv, new Set());
    const path = m.prefix && m.prefix !== '/' ? joinPath(m.prefix, meta.local) : meta.local;
    const refs = [...m.refs, ...meta.refs].map(resolve).filter((r): r is MwRef => r !== undefined);
    const judged = judgeRoute(f.method ?? 'ALL', path, refs, meta.handlerName, meta.extraTags);
    const done: EntrypointFact = { ...f, path, ...judged };
    out.push(done);
  }
  return out;
}
