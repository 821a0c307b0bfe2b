// Cross-file taint: each file leaves internal facts (function summaries of its exports, calls with
// request data into other modules, version-conditional sinks, package versions). The link step
// resolves imports relative to the caller, follows summaries (and their onward calls) across
// modules, turns reached sinks into sink facts, and drops the internal facts.
import { posix } from 'node:path';
import type { ConfigFact, Evidence, Fact, SinkFact } from '../../../model/types.js';
import { type FileTaint, kindFor, type PendingCall, type Reexport, type ReturnUse, type SessionWrite, sessionKey, sessionLast, sessionMember, type SinkOut } from './taint-output.js';
import { isLocalSpec } from './taint-modules.js';
import { DOCUMENT_DB } from './taint-sinks.js';
import type { TemplateOutputs } from './taint-templates.js';
import { dtoClean, globalValidation, type DtoClean } from './taint-dto.js';
import { exportedScalarSchemas } from './taint-schema-names.js';
import type { ParsedJs } from './parse.js';
import { ALL_KINDS, kindBit, type Flags, type FnSummary, type Origin, type SchemaRef, type SinkEntry } from './taint-types.js';
import { addStep, composeFlags, concatSteps, concrete, memberSources, originFlags, sinkApplies } from './taint-value.js';

export const EXTRACTOR_ID = 'js/taint';
export const SETTING = {
  summary: 'js-taint-summary',
  pending: 'js-taint-pending',
  conditional: 'js-taint-conditional',
  packages: 'js-taint-packages',
  sanitizer: 'js-taint-sanitizer',
  returns: 'js-taint-returns',
  template: 'js-taint-template',
  session: 'js-taint-session',
  dto: 'js-taint-dto',
  schemas: 'js-taint-scalar-schemas',
  pipe: 'js-taint-validation-pipe',
} as const;

const EXTS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const MAX_WORK = 20000;

interface FileSummaries {
  exports: Record<string, FnSummary>;
  reexports: Reexport[];
  /** Exported functions without a summary (nothing of their parameters reaches a sink or call). */
  defined?: string[];
}

function internal(file: string, setting: string, json: unknown): Omit<ConfigFact, 'extractor'> {
  return { kind: 'config', setting, values: { json: JSON.stringify(json) }, evidence: { file, line: 1 }, key: `${file}#${setting}` };
}

/** The internal facts one file leaves for the link step. */
export function internalFacts(file: string, t: FileTaint): Omit<ConfigFact, 'extractor'>[] {
  const out: Omit<ConfigFact, 'extractor'>[] = [];
  // Only what another file can reach: parameters flowing to sinks or onward calls.
  const exports: Record<string, FnSummary> = {};
  for (const [name, s] of Object.entries(t.exports)) {
    const ret = s.ret?.params.length ? { params: s.ret.params, flags: s.ret.flags } : undefined;
    if (s.sinks.length || s.calls.length || ret) exports[name] = { sinks: s.sinks, calls: s.calls, ret };
  }
  const defined = [...new Set(t.defined ?? [])].filter((n) => !(n in exports));
  if (Object.keys(exports).length || t.reexports.length || defined.length) {
    out.push(internal(file, SETTING.summary, defined.length ? { exports, reexports: t.reexports, defined } : { exports, reexports: t.reexports }));
  }
  if (t.pending.length) out.push(internal(file, SETTING.pending, t.pending));
  if (t.returns.length) out.push(internal(file, SETTING.returns, t.returns));
  if (t.conditional.length) out.push(internal(file, SETTING.conditional, t.conditional));
  if (t.mongoSanitize) out.push(internal(file, SETTING.sanitizer, { mongo: true }));
  if (t.sessionWrites?.length) out.push(internal(file, SETTING.session, t.sessionWrites));
  return out;
}

/**
 * class-validator DTO members and a global ValidationPipe declared in this file (taint-dto.ts), and
 * the scalar validation schemas it exports (taint-schema-names.ts).
 */
export function dtoFacts(file: string, content: string, parsed: ParsedJs): Omit<ConfigFact, 'extractor'>[] {
  const out: Omit<ConfigFact, 'extractor'>[] = [];
  const dtos = dtoClean(content, parsed);
  if (dtos) out.push(internal(file, SETTING.dto, dtos));
  const schemas = exportedScalarSchemas(content, parsed.program);
  if (schemas) out.push(internal(file, SETTING.schemas, schemas));
  if (globalValidation(content)) out.push(internal(file, SETTING.pipe, true));
  return out;
}

export function templateFact(file: string, outputs: TemplateOutputs): Omit<ConfigFact, 'extractor'> {
  return internal(file, SETTING.template, outputs);
}

export function packageFact(file: string, deps: Record<string, string>): Omit<ConfigFact, 'extractor'> {
  return internal(file, SETTING.packages, deps);
}

function isInternal(f: Fact): f is ConfigFact {
  return f.kind === 'config' && f.extractor === EXTRACTOR_ID && f.setting.startsWith('js-taint-');
}

function parse<T>(f: ConfigFact): T {
  return JSON.parse(String(f.values.json)) as T;
}

/** Resolves an import specifier from a file to a summarised file. */
export function resolveModule(from: string, spec: string, files: ReadonlySet<string>, byStem: Map<string, string[]>): string | undefined {
  if (spec.startsWith('.')) {
    const base = posix.normalize(posix.join(posix.dirname(from), spec));
    const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
    const candidates = [base, ...EXTS.map((e) => stem + e), ...EXTS.map((e) => `${stem}/index${e}`)];
    return candidates.find((c) => files.has(c));
  }
  if (!isLocalSpec(spec)) return undefined;
  // Path aliases (`@/services/user`, `~/lib/db`, `src/x`): match by path suffix, shortest first.
  const rest = spec.replace(/^\$lib(?=\/|$)/, 'src/lib').replace(/^(?:[@~#]\/|#)/, '').replace(/\.(?:[cm]?js|jsx)$/, '');
  const found = [...(byStem.get(rest.split('/').pop() ?? '') ?? [])].filter((f) => {
    const stem = f.replace(/\.[^./]+$/, '').replace(/\/index$/, '');
    return stem === rest || stem.endsWith(`/${rest}`);
  });
  found.sort((a, b) => a.length - b.length || a.localeCompare(b));
  return found[0];
}

function stemIndex(files: Iterable<string>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const f of files) {
    const stem = f.replace(/\.[^./]+$/, '').replace(/\/index$/, '');
    const last = stem.split('/').pop() ?? stem;
    const list = map.get(last) ?? [];
    list.push(f);
    map.set(last, list);
  }
  return map;
}

/**
 * Export summaries by file, each parsed on first lookup (perf: every module leaves one, and most
 * are never reached from a pending call). A later fact for the same file wins, as with a Map.
 */
class LazySummaries {
  private readonly raw = new Map<string, ConfigFact>();
  private readonly parsed = new Map<string, FileSummaries>();

  set(file: string, fact: ConfigFact): void {
    this.raw.set(file, fact);
    this.parsed.delete(file);
  }

  get(file: string): FileSummaries | undefined {
    let summary = this.parsed.get(file);
    if (summary === undefined) {
      const fact = this.raw.get(file);
      if (fact === undefined) return undefined;
      summary = parse<FileSummaries>(fact);
      this.parsed.set(file, summary);
    }
    return summary;
  }

  keys(): IterableIterator<string> {
    return this.raw.keys();
  }
}

function lookup(
  file: string,
  name: string,
  summaries: LazySummaries,
  resolve: (from: string, spec: string) => string | undefined,
  depth = 0,
): { file: string; summary: FnSummary } | undefined {
  const s = summaries.get(file);
  if (!s || depth > 6) return undefined;
  // Own keys only: a call such as `x.constructor` must not find Object.prototype's.
  const own = (k: string): FnSummary | undefined => (Object.hasOwn(s.exports, k) ? s.exports[k] : undefined);
  const direct = own(name) ?? (name.startsWith('default.') ? undefined : own(`default.${name}`));
  if (direct) return { file, summary: direct };
  const head = name.split('.')[0];
  for (const r of s.reexports) {
    const target = resolve(file, r.spec);
    if (!target) continue;
    if (!r.names) {
      const hit = lookup(target, name, summaries, resolve, depth + 1);
      if (hit) return hit;
      continue;
    }
    const imported = Object.hasOwn(r.names, head) ? r.names[head] : undefined;
    if (imported === undefined) continue;
    const renamed = imported === '*' ? name.slice(head.length + 1) : [imported, ...name.split('.').slice(1)].join('.');
    const hit = lookup(target, renamed, summaries, resolve, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/** Whether a file (or a module it re-exports) defines export `name`, summarised or not. */
function defines(
  file: string,
  name: string,
  summaries: LazySummaries,
  resolve: (from: string, spec: string) => string | undefined,
): boolean {
  if (lookup(file, name, summaries, resolve)) return true;
  const s = summaries.get(file);
  if (!s?.defined) return false;
  return s.defined.includes(name) || (!name.startsWith('default.') && s.defined.includes(`default.${name}`));
}

function versionBelow(version: string, below: string): boolean | undefined {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  if (!m || /^(?:\*|latest|x)$/i.test(version.trim())) return undefined;
  const v = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  const b = below.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (v[i] !== (b[i] ?? 0)) return v[i] < (b[i] ?? 0);
  }
  return false;
}

/** The nearest package.json above a file that names the package. */
function nearestVersion(file: string, pkg: string, packages: Map<string, Record<string, string>>): string | undefined {
  let dir = posix.dirname(file);
  for (;;) {
    const deps = packages.get(dir === '.' ? '' : dir);
    if (deps && deps[pkg] !== undefined) return deps[pkg];
    if (dir === '.' || dir === '/' || dir === '') return undefined;
    dir = posix.dirname(dir);
  }
}

function rootOf(file: string, packages: Map<string, Record<string, string>>): string {
  let dir = posix.dirname(file);
  for (;;) {
    const key = dir === '.' ? '' : dir;
    if (packages.has(key)) return key;
    if (dir === '.' || dir === '/' || dir === '') return '';
    dir = posix.dirname(dir);
  }
}

/**
 * Does `view`, rendered from `from`, print local `field` without escaping? The view is the
 * template whose path ends with the view name (same package first). Raw syntax decides; with
 * autoescaping off for the package, any output of the local does, and so does a view not found.
 */
function rendersRaw(from: string, view: string, field: string, templates: Map<string, TemplateOutputs>, unescaped: boolean, packages: Map<string, Record<string, string>>): boolean {
  const name = view.replace(/^\/+/, '').replace(/\.\w+$/, '');
  const root = rootOf(from, packages);
  const matches = [...templates.keys()].filter((t) => {
    const stem = t.replace(/\.\w+$/, '');
    return stem === name || stem.endsWith(`/${name}`) || stem.endsWith(`/${name}/index`);
  });
  const local = matches.filter((t) => rootOf(t, packages) === root);
  const candidates = local.length ? local : matches;
  if (candidates.length === 0) return unescaped;
  return candidates.some((t) => {
    const out = templates.get(t)!;
    return out.raw.includes(field) || (unescaped && out.escaped.includes(field));
  });
}

function toFact(s: SinkOut): SinkFact {
  return { ...s, extractor: EXTRACTOR_ID };
}

/** The whole-repository step: cross-file flows, version conditions, global sanitisers. */
/** ORMs over SQL tables: their filters are column values or ORM options, never MongoDB operators. */
const SQL_MODEL_LIBRARIES = new Set(['sequelize', 'typeorm', 'bookshelf', 'objection', 'prisma']);

/**
 * Whether a filter call is made on one of the repository's SQL models: the receiver named like the
 * model (`models.ApiKey.findOne`, `ApiKey.findOne`, an injected `this._ApiKey.findOne`, Objection's
 * `Invoice.query().findOne`). Filter methods are matched by name, so with a document database in
 * the dependencies a Bookshelf or Objection model's `findOne({ secret })` would otherwise read as
 * a MongoDB filter. A name that is also a document model (Mongoose) keeps its findings.
 */
function sqlModelLookup(facts: readonly Fact[]): (api: string) => boolean {
  const sql = new Set<string>();
  const documents = new Set<string>();
  for (const f of facts) {
    if (f.kind !== 'data-model' || !f.library) continue;
    (SQL_MODEL_LIBRARIES.has(f.library) ? sql : documents).add(f.name);
  }
  for (const name of documents) sql.delete(name);
  if (sql.size === 0) return () => false;
  return (api) => {
    const parts = api.split(' ')[0].replace(/\([^()]*\)/g, '').split('.');
    const receiver = parts.slice(0, -1).filter((p) => p !== 'query' && p !== 'this');
    const last = receiver.pop()?.replace(/^[_$]+/, '');
    return last !== undefined && sql.has(last);
  };
}

export function linkTaint(facts: Fact[]): Fact[] {
  /**
   * A call into every function of an exported object (`root.*`: GraphQL `rootValue` resolvers):
   * one call per summarised member, each named as its own GraphQL operation.
   */
  const expandMembers = <T extends { from: string; target: PendingCall['target']; route?: string }>(item: T): T[] => {
    if (!item.target.name.endsWith('.*')) return [item];
    const file = resolve(item.from, item.target.module);
    const exports = file ? summaries.get(file)?.exports : undefined;
    const prefix = item.target.name.slice(0, -1);
    const names = Object.keys(exports ?? {}).filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'));
    return names.map((name) => ({ ...item, target: { ...item.target, name }, route: item.route ?? `GRAPHQL ${name.slice(prefix.length)}` }));
  };
  const own = facts.filter(isInternal);
  if (!own.length) return facts;
  const rest = facts.filter((f) => !isInternal(f));
  const summaries = new LazySummaries();
  const pending: { file: string; call: PendingCall }[] = [];
  const conditional: FileTaint['conditional'] = [];
  const packages = new Map<string, Record<string, string>>();
  const sanitised = new Set<string>();
  const returns: { file: string; use: ReturnUse }[] = [];
  const templates = new Map<string, TemplateOutputs>();
  const sessionWrites: SessionWrite[] = [];
  const dtos = new Map<string, Record<string, number>>();
  const validating: string[] = [];
  const scalarSchemas = new Map<string, string[]>();
  for (const f of own) {
    const file = f.evidence.file;
    if (f.setting === SETTING.summary) summaries.set(file, f);
    else if (f.setting === SETTING.pending) for (const call of parse<PendingCall[]>(f)) pending.push({ file, call });
    else if (f.setting === SETTING.conditional) conditional.push(...parse<FileTaint['conditional']>(f));
    else if (f.setting === SETTING.packages) packages.set(posix.dirname(file) === '.' ? '' : posix.dirname(file), parse<Record<string, string>>(f));
    else if (f.setting === SETTING.sanitizer) sanitised.add(file);
    else if (f.setting === SETTING.returns) for (const use of parse<ReturnUse[]>(f)) returns.push({ file, use });
    else if (f.setting === SETTING.template) templates.set(file, parse<TemplateOutputs>(f));
    else if (f.setting === SETTING.session) sessionWrites.push(...parse<SessionWrite[]>(f));
    else if (f.setting === SETTING.pipe) validating.push(file);
    else if (f.setting === SETTING.schemas) scalarSchemas.set(file, parse<string[]>(f));
    else if (f.setting === SETTING.dto) {
      // Two classes of one name: a member is clean only for what both rule out.
      for (const [cls, members] of Object.entries(parse<DtoClean>(f))) {
        const had = dtos.get(cls);
        dtos.set(cls, had ? Object.fromEntries(Object.entries(members).filter(([m]) => m in had).map(([m, b]) => [m, b & had[m]])) : members);
      }
    }
  }
  const validatedRoots = new Set(validating.map((f) => rootOf(f, packages)));
  /** A member of a class-validator DTO whose validators rule the sink's kind out, under a ValidationPipe of its package. */
  const dtoRulesOut = (dto: { type: string; field: string } | undefined, kind: SinkFact['sink'], file: string): boolean =>
    !!dto && ((dtos.get(dto.type)?.[dto.field] ?? 0) & kindBit(kind)) !== 0 && validatedRoots.has(rootOf(file, packages));
  /**
   * The first write of request data to a session key, in the package of the reading file; for a
   * member read (`req.session.user._id`), one that stored request data in that member.
   */
  const sessionWrite = (key: string, reader: string, member: string | undefined): SessionWrite | undefined => {
    const root = rootOf(reader, packages);
    return sessionWrites.find((w) => w.key === key && (!w.fields || member === undefined || w.fields.includes(member)) && rootOf(w.evidence.file, packages) === root);
  };
  // Template engines configured without autoescaping (js/security-config), by package root.
  const unescapedRoots = new Set(facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'template-engine' && f.values.autoescape === false).map((f) => rootOf(f.evidence.file, packages)));

  const site = (s: { evidence: Evidence; sink: string; api: string; route?: string }): string => `${s.evidence.file}:${s.evidence.line}#${s.sink}#${s.api}#${s.route ?? ''}`;
  const existing = new Set<string>();
  for (const f of rest) {
    if (f.kind !== 'sink' || f.extractor !== EXTRACTOR_ID) continue;
    if (f.key) existing.add(f.key);
    existing.add(site(f));
  }
  const added: SinkFact[] = [];
  // One finding per sink site and route, as within a file.
  const push = (s: SinkOut): void => {
    if (existing.has(s.key) || existing.has(site(s))) return;
    existing.add(s.key);
    existing.add(site(s));
    added.push(toFact(s));
  };
  /** A member checked by an imported schema that its module exports as a scalar: no operators, no objects. */
  const scalarSchema = (ref: SchemaRef | undefined): boolean => {
    if (!ref) return false;
    const target = resolve(ref.file, ref.module);
    return target !== undefined && (scalarSchemas.get(target)?.includes(ref.name) ?? false);
  };
  const addConditional = (c: FileTaint['conditional'][number]): void => {
    if (c.schema !== undefined) {
      if (scalarSchema(c.schema)) return;
      const { schema: _schema, ...rest } = c;
      void _schema;
      addConditional(rest);
      return;
    }
    if (c.dto !== undefined) {
      if (dtoRulesOut(c.dto, c.sink.sink, c.sink.evidence.file)) return;
      const { dto: _dto, ...rest } = c;
      void _dto;
      addConditional(rest);
      return;
    }
    if (c.session !== undefined) {
      const w = sessionWrite(c.session, c.sink.evidence.file, sessionMember(c.sink.source ?? ''));
      if (!w) return;
      // Named after the request data stored there; the path starts where it was stored.
      const sink: SinkOut = { ...c.sink, source: `${c.sink.source} (stored from ${w.source})`, path: [w.evidence, ...(c.sink.path ?? [])] };
      const { session: _session, ...rest } = c;
      void _session;
      addConditional({ ...rest, sink });
      return;
    }
    if (c.unlessDefined) {
      const target = resolve(c.sink.evidence.file, c.unlessDefined.module);
      if (!target || !defines(target, c.unlessDefined.name, summaries, resolve)) push(c.sink);
      return;
    }
    if (c.view !== undefined && c.field !== undefined) {
      if (rendersRaw(c.sink.evidence.file, c.view, c.field, templates, unescapedRoots.has(rootOf(c.sink.evidence.file, packages)), packages)) push(c.sink);
      return;
    }
    if (c.pkg === undefined || c.below === undefined) {
      // A condition already met (a session value stored from the request, or a defined callee's sink).
      if (c.view === undefined && c.field === undefined) push(c.sink);
      return;
    }
    const version = nearestVersion(c.sink.evidence.file, c.pkg, packages);
    const below = version !== undefined ? versionBelow(version, c.below) : undefined;
    if (below || (below === undefined && c.unknownVersion)) push(c.sink);
  };

  const files = new Set([...summaries.keys(), ...scalarSchemas.keys()]);
  const byStem = stemIndex(files);
  const resolveCache = new Map<string, string | undefined>();
  const resolve = (from: string, spec: string): string | undefined => {
    const k = `${posix.dirname(from)}\u0000${spec}`;
    if (!resolveCache.has(k)) resolveCache.set(k, resolveModule(from, spec, files, byStem));
    return resolveCache.get(k);
  };
  for (const c of conditional) addConditional(c);

  const seen = new Set<string>();
  const queue = pending.flatMap((p) => expandMembers({ from: p.file, ...p.call }));
  const emitEntry = (entry: SinkEntry, src: Origin[], flagsIn: Flags, steps: Evidence[], route: string | undefined): void => {
    const flags = concrete(composeFlags(flagsIn, entry.flags));
    if (flags.clean === ALL_KINDS) return;
    const done = new Set<string>();
    for (const origin of sessionLast(memberSources(src, entry.flags.field))) {
      const kind = kindFor(origin, entry.sink, entry.write);
      if (!kind || done.has(kind) || !sinkApplies(kind, originFlags(origin, flags), entry.need)) continue;
      if (origin.dto && origin.dtoField !== undefined && dtoRulesOut({ type: origin.dto, field: origin.dtoField }, kind, entry.evidence.file)) continue;
      if (entry.need === 'object' && scalarSchema(origin.schema)) continue;
      done.add(kind);
      const key = `${entry.evidence.file}#${entry.fn}#${entry.api}#${origin.label}`;
      const path = (concatSteps(steps, entry.steps) ?? []).filter((s) => !(s.file === entry.evidence.file && s.line === entry.evidence.line));
      const sink: SinkOut = { kind: 'sink', sink: kind, api: entry.api, tainted: true, source: origin.label, evidence: entry.evidence, key };
      if (route) sink.route = route;
      if (path.length) sink.path = path;
      const session = origin.kind === 'session' ? sessionKey(origin) : undefined;
      if (origin.kind === 'session' && session === undefined) continue;
      const condition = session !== undefined ? { ...entry.condition, session } : entry.condition;
      if (condition) addConditional({ sink, ...condition });
      else push(sink);
    }
  };
  // Values returned by functions of other modules: which arguments come back decides.
  for (const { file, use } of returns) {
    const target = resolve(file, use.target.module);
    const ret = target ? lookup(target, use.target.name, summaries, resolve)?.summary.ret : undefined;
    for (const p of ret?.params ?? []) {
      const arg = use.args.find((x) => x.arg === p);
      if (!arg || !ret) continue;
      const flags = composeFlags(arg.flags, ret.flags);
      if (flags.clean === ALL_KINDS) continue;
      const src = memberSources(arg.src, ret.flags.field) ?? [];
      const steps = addStep(arg.steps, use.call) ?? [];
      for (const entry of use.sinks) emitEntry(entry, src, flags, steps, use.route);
      for (const call of use.calls) {
        queue.push({ from: file, target: call.target, arg: call.arg, src: memberSources(src, call.flags.field) ?? [], flags: composeFlags(flags, call.flags), steps: addStep(concatSteps(steps, call.steps), call.evidence) ?? [], route: use.route });
      }
    }
  }
  for (let i = 0; i < queue.length && i < MAX_WORK; i++) {
    const item = queue[i];
    const target = resolve(item.from, item.target.module);
    if (!target) continue;
    const found = lookup(target, item.target.name, summaries, resolve);
    if (!found) continue;
    const labels = item.src.map((o) => o.label).join('|');
    const visitKey = `${found.file}#${item.target.name}#${item.arg}#${labels}#${JSON.stringify(item.flags)}`;
    if (seen.has(visitKey)) continue;
    seen.add(visitKey);
    for (const entry of found.summary.sinks) if (entry.param === item.arg) emitEntry(entry, item.src, item.flags, item.steps, item.route);
    for (const call of found.summary.calls) {
      if (call.param !== item.arg) continue;
      const flags = composeFlags(item.flags, call.flags);
      if (flags.clean === ALL_KINDS) continue;
      queue.push({
        from: found.file,
        target: call.target,
        arg: call.arg,
        src: memberSources(item.src, call.flags.field) ?? [],
        flags,
        steps: addStep(concatSteps(item.steps, call.steps), call.evidence) ?? [],
        route: item.route,
      });
    }
  }

  // express-mongo-sanitize strips `$` keys from request objects for its whole service.
  const cleanRoots = new Set([...sanitised].map((f) => rootOf(f, packages)));
  // Filter methods are matched by name (`x.find(id)`): with manifests that name no document
  // database anywhere, they are array or domain-object lookups (`$where` still speaks for itself).
  const noDocumentDb = packages.size > 0 && ![...packages.values()].some((deps) => Object.keys(deps).some((k) => DOCUMENT_DB.test(k)));
  const sqlModel = sqlModelLookup(facts);
  const keep = (f: Fact): boolean =>
    !(f.kind === 'sink' && f.extractor === EXTRACTOR_ID && f.sink === 'nosql' && !f.api.includes('$where') && (noDocumentDb || cleanRoots.has(rootOf(f.evidence.file, packages)) || sqlModel(f.api)));
  return [...rest.filter(keep), ...added.filter(keep)];
}
