// Whole-repository step of the Hono extractor: places every app under the prefixes it is mounted
// at (`app.route('/api/auth', auth)` across files and workspace packages, nested sub-apps), with
// the middleware registered before the mount (path-scoped `use('/api/*', mw)` only under its path),
// then decides each route's auth from that chain, its own middleware and its handler's early checks.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import type { Verdict } from '../_lib/early-guards.js';
import { decideAuth, joinPath, routeTags, underPrefix, type MwRef } from '../_lib/routes.js';
import { readFileRecords } from '../_lib/workspace-modules.js';
import type { HelperCall, HonoFileRecord, HonoMw, Ref } from './scan.js';

export const HONO_SETTING = 'js-hono-file';
const EXTRACTOR = 'js/hono';
const MAX_CONTEXTS = 8;
const MAX_HOPS = 8;

const ROLE: Record<Verdict['level'], MwRef['role']> = { none: 'other', optional: 'auth-optional', unknown: 'auth-unknown', user: 'auth-user', admin: 'auth-admin' };

interface Context {
  prefix: string;
  chain: MwRef[];
}

export function linkHono(facts: Fact[]): Fact[] {
  if (!facts.some((f) => f.kind === 'config' && f.setting === HONO_SETTING)) return facts;
  const { records, rest, resolver } = readFileRecords<HonoFileRecord>(facts, HONO_SETTING);
  const locate = (from: string, ref: Ref, hops = 0): { file: string; name: string } | undefined => {
    if ('local' in ref) return { file: from, name: ref.local };
    const file = hops <= MAX_HOPS ? resolver.resolve(records.get(from)?.file ?? from, ref.module) : undefined;
    const rec = file ? records.get(file) : undefined;
    if (!file || !rec) return undefined;
    const local = rec.exports[ref.export];
    if (local) return { file, name: local };
    const re = rec.reexports.find((e) => e.name === ref.export);
    if (re) return locate(file, { module: re.module, export: re.export }, hops + 1);
    // `export * from './auth'`: the first star source that has the name.
    for (const star of rec.reexports.filter((e) => e.name === '*')) {
      const found = locate(file, { module: star.module, export: ref.export }, hops + 1);
      if (found) return found;
    }
    return undefined;
  };
  /** Middlewares that verify a webhook signature: the routes behind them are tagged `webhook-signature`. */
  const signedNames = new Set<string>();
  const toRef = (from: string, m: HonoMw, base: string): MwRef => {
    let v = m.verdict;
    if (!v && m.ref) {
      const at = locate(from, m.ref);
      v = at ? records.get(at.file)?.middlewares[at.name] : undefined;
      // An imported middleware we could not see: judged by its name.
      // A factory call (`cors({ allowHeaders: ['Authorization'] })`) was judged by its callee's name in its file.
      if (!v && m.unseen) v = m.unseen.level === 'none' ? undefined : m.unseen;
      else if (!v && /auth|session|jwt|guard|protect|admin/i.test(m.name)) v = { level: 'unknown', why: m.name };
    }
    const out: MwRef = { name: m.name };
    const signedAt = m.ref ? locate(from, m.ref) : undefined;
    if (m.signed || (signedAt && records.get(signedAt.file)?.signed?.includes(signedAt.name))) signedNames.add(m.name);
    if (v) {
      out.role = ROLE[v.level];
      if (v.why) out.why = `${m.name}: ${v.why}`;
      if (v.unless) out.unless = v.unless;
    }
    if (m.under !== undefined) out.under = joinPath(base, m.under);
    return out;
  };

  /** The first helper the handler calls that refuses a call without a caller (judged in its own file, or by its name). */
  const helperInline = (from: string, helpers: readonly HelperCall[] | undefined, depth = 0): { level: 'user' | 'admin' | 'unknown'; why: string } | undefined => {
    for (const h of helpers ?? []) {
      const at = locate(from, h.ref);
      const v = at ? records.get(at.file)?.helpers[at.name] : undefined;
      if (v && (v.level === 'user' || v.level === 'admin')) return { level: v.level, why: `${h.name}(): ${v.why}` };
      // A helper that starts by calling another one (`getAccounts(c)` → `getSession(c)`).
      const via = at && depth < 3 ? records.get(at.file)?.helperCalls?.[at.name] : undefined;
      const inner = via ? helperInline(at!.file, via, depth + 1) : undefined;
      if (inner && inner.level !== 'unknown') return { level: inner.level, why: `${h.name}() → ${inner.why}` };
      if (!v && !/optional|maybe/i.test(h.name) && /^(get|require|ensure|assert|verify|validate|resolve)\w*(session|user|auth|token|caller|account)/i.test(h.name)) return { level: 'unknown', why: `${h.name}() (body not seen)` };
    }
    return undefined;
  };

  // Mount edges: child app → parents with the prefix and the middleware in front of the mount.
  const parents = new Map<string, { parent: string; prefix: string; mw: MwRef[] }[]>();
  for (const [fne, rec] of records) {
    for (const [name, app] of Object.entries(rec.apps)) {
      const before: MwRef[] = [];
      for (const item of app.items) {
        if (item.kind === 'use') before.push(toRef(fne, item.mw, app.basePath));
        else if (item.kind === 'mount') {
          const at = locate(fne, item.child);
          if (!at || !records.get(at.file)?.apps[at.name]) continue;
          const key = `${at.file}#${at.name}`;
          const prefix = joinPath(app.basePath, item.prefix);
          let list = parents.get(key);
          if (!list) parents.set(key, (list = []));
          list.push({ parent: `${fne}#${name}`, prefix, mw: before.filter((m) => m.under === undefined || underPrefix(prefix, m.under) || underPrefix(m.under, prefix)) });
        }
      }
    }
  }
  const cache = new Map<string, Context[]>();
  const contexts = (key: string, seen: Set<string>): Context[] => {
    const hit = cache.get(key);
    if (hit) return hit;
    const edges = parents.get(key);
    if (!edges || seen.has(key)) return [];
    const out: Context[] = [];
    const next = new Set(seen).add(key);
    for (const e of edges) {
      const ups = contexts(e.parent, next);
      for (const up of ups.length > 0 ? ups : [{ prefix: '', chain: [] }]) {
        if (out.length >= MAX_CONTEXTS) break;
        out.push({ prefix: joinPath(up.prefix, e.prefix), chain: [...up.chain, ...e.mw.map((m) => (m.under !== undefined ? { ...m, under: joinPath(up.prefix, m.under) } : m))] });
      }
    }
    cache.set(key, out);
    return out;
  };

  // Factories of apps given their base path by the caller (factory.ts): each call's literal path.
  const factoryBases = new Map<string, { prefix: string; file: string; handsOff: boolean }[]>();
  for (const rec of records.values()) {
    for (const c of rec.factoryCalls ?? []) {
      const file = resolver.resolve(rec.file, c.module);
      if (!file) continue;
      const key = `${file}#${c.export}:${c.key}`;
      factoryBases.set(key, [...(factoryBases.get(key) ?? []), { prefix: c.prefix, file: rec.file, handsOff: c.handsOff }]);
    }
  }
  /** Route files whose method handlers are a factory's app: its routes stand for them. */
  const mountFiles = new Set<string>();

  const out: Fact[] = [];
  const seenKeys = new Set<string>();
  for (const [fne, rec] of records) {
    for (const [name, appAsWritten] of Object.entries(rec.apps)) {
      const ctxs = contexts(`${fne}#${name}`, new Set());
      const option = appAsWritten.basePathOption;
      const given = option ? (factoryBases.get(`${fne}#${option.export}:${option.key}`) ?? []) : [];
      if (given.some((g) => g.handsOff) && appAsWritten.items.some((i) => i.kind === 'route')) for (const g of given) if (g.handsOff) mountFiles.add(g.file);
      for (const app of given.length > 0 ? given.map((g) => ({ ...appAsWritten, basePath: g.prefix })) : [appAsWritten]) {
        const bases = ctxs.length > 0 ? ctxs : [{ prefix: '', chain: [] }];
        const before: MwRef[] = [];
        for (const item of app.items) {
          if (item.kind === 'use') {
            before.push(toRef(fne, item.mw, app.basePath));
            continue;
          }
          if (item.kind !== 'route') continue;
          for (const base of bases) {
            const path = joinPath(base.prefix, joinPath(app.basePath, item.path));
            const scoped = before.map((m) => (m.under !== undefined ? { ...m, under: joinPath(base.prefix, m.under) } : m));
            const chain = [...base.chain, ...scoped, ...item.mw.map((m) => toRef(fne, m, app.basePath))].filter((m) => m.under === undefined || underPrefix(path, m.under));
            const inline = item.inline && item.inline.level !== 'none' && item.inline.level !== 'optional' ? { level: item.inline.level, why: `handler: ${item.inline.why}` } : helperInline(fne, item.helpers);
            const decision = decideAuth(chain, inline, path);
            const signed = chain.some((m) => signedNames.has(m.name)) ? ['webhook-signature'] : [];
            const tags = routeTags(item.method, path, chain, item.handlerName, [...(item.tags ?? []), ...signed]);
            const key = `${rec.file}#entrypoint:http ${item.method} ${path}`;
            if (seenKeys.has(key)) continue;
            seenKeys.add(key);
            const fact: EntrypointFact = {
              kind: 'entrypoint',
              extractor: EXTRACTOR,
              protocol: 'http',
              framework: 'hono',
              method: item.method,
              path,
              handler: { file: rec.file, line: item.handlerLine, ...(item.handlerName ? { name: item.handlerName } : {}) },
              middleware: chain.filter((m) => !m.name.startsWith('<')).map((m) => m.name),
              auth: decision.auth,
              authEvidence: decision.evidence,
              tags,
              evidence: { file: rec.file, line: item.line, snippet: item.snippet },
              key,
            };
            out.push(fact);
          }
        }
      }
    }
  }
  // A Next.js route file that hands its requests to a factory's app answers with the app's routes.
  const kept = mountFiles.size > 0 ? rest.filter((f) => !(f.kind === 'entrypoint' && f.framework === 'nextjs' && mountFiles.has(f.evidence.file))) : rest;
  return [...kept, ...out];
}
