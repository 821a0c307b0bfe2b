// Records what the analysis of one file finds: sink facts (one per sink site and route), the
// summaries of functions being analysed (symbolic parameters are owner id * 64 + index), calls
// with request data into other modules, and uses of values such calls return.
import type { Evidence, SinkKind } from '../../../model/types.js';
import type { ParsedJs } from './parse.js';
import { type FileTaint, kindFor, type LookupUse, lookupUse, type PendingCall, redact, type ReturnUse, type SessionWrite, sessionKey, sessionLast, type SinkOut } from './taint-output.js';
import type { Owner, Scope } from './taint-scope.js';
import type { SinkHit } from './taint-sinks.js';
import { ALL_KINDS, type AV, type CallEntry, type CallTarget, type Condition, type Flags, type FnSummary, isTainted, type Origin, PARAM_FLAGS, type SinkEntry } from './taint-types.js';
import { addStep, composeFlags, concatSteps, concrete, flagsOf, memberSources, mergeFlags, mergeTaint, originFlags, sinkApplies } from './taint-value.js';

/** Entries per summary: enough for real functions, a bound for generated or pathological code. */
const MAX_ENTRIES = 64;

/**
 * Summary entries are sets: the same parameter reaching the same sink site (or the same call) is
 * one entry whose flags merge. Without this, summaries multiply along call chains.
 */
function addSink(owner: Owner, entry: SinkEntry): void {
  const key = `s|${entry.param}|${entry.sink}|${entry.api}|${entry.evidence.file}:${entry.evidence.line}|${entry.need ?? ''}|${entry.write ? 1 : 0}`;
  const known = owner.index?.get(key) as SinkEntry | undefined;
  if (known) {
    known.flags = mergeFlags(known.flags, entry.flags);
    return;
  }
  if (owner.summary.sinks.length >= MAX_ENTRIES) return;
  (owner.index ??= new Map()).set(key, entry);
  owner.summary.sinks.push(entry);
}

function addCall(owner: Owner, entry: CallEntry): void {
  const key = `c|${entry.param}|${entry.target.module}|${entry.target.name}|${entry.arg}`;
  const known = owner.index?.get(key) as CallEntry | undefined;
  if (known) {
    known.flags = mergeFlags(known.flags, entry.flags);
    return;
  }
  if (owner.summary.calls.length >= MAX_ENTRIES) return;
  (owner.index ??= new Map()).set(key, entry);
  owner.summary.calls.push(entry);
}

/**
 * The argument a summary entry reads: when the callee read member `field` of an object literal
 * the caller built, that member's own value (its sources and parameters, not the whole object's),
 * and the entry without the member it consumed.
 */
function member<E extends { flags: Flags }>(arg: AV | undefined, entry: E): { value: AV | undefined; entry: E } {
  const field = entry.flags.field;
  if (field === undefined || !arg?.fields || !arg.flags?.fields) return { value: arg, entry };
  // A dotted path (`context.teamId`) goes down as far as the caller's literals are known.
  const path = field.split('.');
  let value: AV | undefined = arg;
  let depth = 0;
  while (depth < path.length && value?.fields && (value.flags?.fields || !isTainted(value))) value = value.fields.get(path[depth++]);
  const rest = depth < path.length ? path.slice(depth).join('.') : undefined;
  return { value, entry: { ...entry, flags: { ...entry.flags, field: rest } } };
}

/**
 * The flags of an argument's request data as another module sees it. A record another call
 * returned (symbolic until link) with request data set on named members only (`job = await
 * load(id); job.range = req.headers.range`) carries that data in those members: the callee's
 * other members (`job.url`) are the record's, not the request's.
 */
function concreteFlags(a: AV): Flags {
  const f = concrete(flagsOf(a));
  if (f.fields || !a.params?.length || !a.fields || !a.src?.length) return f;
  const keys: string[] = [];
  const held = new Set<string>();
  for (const [k, fv] of a.fields) {
    if (!fv?.src?.length) continue;
    keys.push(k);
    for (const o of fv.src) held.add(o.label);
  }
  return keys.length && a.src.every((o) => held.has(o.label)) ? { ...f, fields: keys } : f;
}

export class Recorder {
  private nextOwner = 1;
  readonly owners = new Map<number, Owner>();
  readonly facts = new Map<string, SinkOut>();
  private readonly sites = new Set<string>();
  readonly conditional: FileTaint['conditional'] = [];
  readonly pending: PendingCall[] = [];
  readonly sessionWrites: SessionWrite[] = [];
  private readonly returnUses = new Map<number, Omit<ReturnUse, 'sinks' | 'calls'>>();

  constructor(
    private readonly file: string,
    private readonly content: string,
    private readonly parsed: ParsedJs,
  ) {}

  newOwner(name: string): Owner {
    const owner: Owner = { id: this.nextOwner++, name, summary: { sinks: [], calls: [] }, done: false };
    this.owners.set(owner.id, owner);
    return owner;
  }

  /** Evidence at a node; its snippet is filled in only for what ends up in the output. */
  evidence(node: { start: number }): Evidence {
    return { file: this.file, line: this.parsed.lineAt(node.start) };
  }

  /** Snippets by line: one line is the evidence of many entries (a sink's steps, each summary). */
  private readonly snippets = new Map<number, string>();

  private snippet(line: number): string {
    let snippet = this.snippets.get(line);
    if (snippet !== undefined) return snippet;
    snippet = this.lineText(line).slice(0, 400).trim();
    if (snippet.length > 160) snippet = `${snippet.slice(0, 157)}...`;
    snippet = redact(snippet);
    this.snippets.set(line, snippet);
    return snippet;
  }

  /**
   * Line `line` (1-based) of the file, as `content.split('\n')[line - 1] ?? ''` would give it. Its
   * start is found by bisecting the parser's offset → line map rather than splitting the whole
   * file: a file needs only a few snippets.
   */
  private lineText(line: number): string {
    const content = this.content;
    if (line < 1 || this.parsed.lineAt(content.length) < line) return '';
    let lo = 0;
    let hi = content.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.parsed.lineAt(mid) >= line) hi = mid;
      else lo = mid + 1;
    }
    const end = content.indexOf('\n', lo);
    return content.slice(lo, end === -1 ? content.length : end);
  }

  private fillOne(e: Evidence | undefined): void {
    if (e && e.file === this.file && e.snippet === undefined) e.snippet = this.snippet(e.line);
  }

  private fill(list: readonly (Evidence | undefined)[] | undefined): void {
    if (list) for (const e of list) this.fillOne(e);
  }

  /** Adds snippets to every evidence of this file that leaves the analyser (no temporary lists). */
  private fillSnippets(out: FileTaint): void {
    for (const w of out.sessionWrites ?? []) this.fillOne(w.evidence);
    for (const s of out.sinks) {
      this.fillOne(s.evidence);
      this.fill(s.path);
    }
    for (const c of out.conditional) {
      this.fillOne(c.sink.evidence);
      this.fill(c.sink.path);
    }
    for (const p of out.pending) this.fill(p.steps);
    for (const r of out.returns) {
      this.fillOne(r.call);
      for (const a of r.args) this.fill(a.steps);
      this.fillEntries(r.sinks);
      this.fillEntries(r.calls);
    }
    for (const summary of Object.values(out.exports)) {
      this.fillEntries(summary.sinks);
      this.fillEntries(summary.calls);
    }
  }

  /** Sinks and onward calls of a summary: their evidence and their steps. */
  private fillEntries(entries: readonly { evidence?: Evidence; steps?: readonly (Evidence | undefined)[] }[]): void {
    for (const e of entries) {
      this.fillOne(e.evidence);
      this.fill(e.steps);
    }
  }

  private emit(kind: SinkKind, api: string, origin: Origin, at: Evidence, steps: Evidence[] | undefined, fn: string, route?: string, condition?: Condition, resultUse?: LookupUse, objectOnly = false): void {
    if (origin.kind === 'session') {
      const session = sessionKey(origin);
      if (session === undefined) return;
      condition = { ...condition, session };
    }
    if (origin.dto && origin.dtoField !== undefined) condition = { ...condition, dto: { type: origin.dto, field: origin.dtoField } };
    if (origin.schema && objectOnly) condition = { ...condition, schema: origin.schema };
    // A rendered view decides per local, so each local of one render call is its own candidate.
    const field = condition?.field !== undefined ? `#${condition.field}` : '';
    const key = `${at.file}#${fn}#${api}#${origin.label}${field}`;
    // One finding per sink site and route: a second argument reaching the same line adds nothing.
    const site = `${at.file}:${at.line}#${kind}#${api}#${route ?? ''}${field}`;
    if (this.facts.has(key) || this.sites.has(site) || this.conditional.some((c) => c.sink.key === key)) return;
    // A session value is only a candidate: it must not keep a concrete source out of this site.
    if (origin.kind !== 'session') this.sites.add(site);
    const path = (steps ?? []).filter((s) => !(s.file === at.file && s.line === at.line));
    const sink: SinkOut = { kind: 'sink', sink: kind, api, tainted: true, source: origin.label, evidence: at, key };
    if (route) sink.route = route;
    if (path.length) sink.path = path;
    if (resultUse) sink.resultUse = resultUse;
    if (condition) this.conditional.push({ sink, ...condition });
    else this.facts.set(key, sink);
  }

  /** A tainted value reached a sink: report concrete sources, summarise symbolic parameters. */
  sinkHit(hit: SinkHit, node: { start: number; end?: number }, scope: Scope): boolean {
    const v = hit.value;
    if (!isTainted(v)) return false;
    let reached = false;
    const f = flagsOf(v);
    const at = this.evidence(node);
    const ctx = scope.ctx;
    // Parsed by an imported schema: operator injection only when that schema is no scalar (link).
    const objectOnly = hit.need === 'object' && f.schema !== undefined;
    // One fact per sink and kind: the first source that reaches it names it.
    const done = new Set<SinkKind>();
    // What the code does with a lookup's result walks the whole file: asked only when a concrete
    // source reaches the sink (a parameter's entry in a summary does not carry it).
    let resultUse: LookupUse | undefined;
    let asked = false;
    for (const origin of sessionLast(v.src)) {
      const kind = kindFor(origin, hit.kind, hit.write);
      if (!kind || done.has(kind) || !sinkApplies(kind, originFlags(origin, concrete(f)), hit.need)) continue;
      done.add(kind);
      if (!asked) {
        asked = true;
        resultUse = hit.kind === 'nosql' && node.end !== undefined ? lookupUse(this.parsed.program, { start: node.start, end: node.end }) : undefined;
      }
      this.emit(kind, hit.api, origin, at, v.steps, ctx.name, ctx.route, objectOnly ? { ...hit.condition, schema: f.schema } : hit.condition, resultUse, hit.need === 'object');
      reached = true;
    }
    for (const pid of v.params ?? []) {
      const owner = this.owners.get(pid >> 6);
      if (!owner || owner.done) continue;
      const param = pid & 63;
      const landed = v.paramPos?.[pid];
      addSink(owner, {
        param,
        sink: hit.kind,
        api: hit.api,
        flags: landed !== undefined && landed !== f.pos ? { ...f, pos: landed } : f,
        need: hit.need,
        write: hit.write,
        evidence: at,
        steps: v.steps ?? [],
        fn: ctx.name,
        condition: objectOnly ? { ...hit.condition, schema: f.schema } : hit.condition,
      });
      if (!hit.need) reached = true;
    }
    return reached;
  }

  /** Applies a callee summary at a call site: sinks in the callee and calls onward. */
  applySummary(summary: FnSummary, args: (AV | undefined)[], node: { start: number }, scope: Scope): void {
    const ctx = scope.ctx;
    if (!args.some(isTainted)) return;
    const callStep = this.evidence(node);
    for (const raw of summary.sinks) {
      const { value: a, entry } = member(args[raw.param], raw);
      if (!isTainted(a)) continue;
      const flags = composeFlags(flagsOf(a), entry.flags);
      if (flags.clean === ALL_KINDS) continue;
      const steps = concatSteps(addStep(a.steps, callStep), entry.steps) ?? [];
      const done = new Set<SinkKind>();
      for (const origin of sessionLast(memberSources(a.src, entry.flags.field))) {
        const kind = kindFor(origin, entry.sink, entry.write);
        if (!kind || done.has(kind) || !sinkApplies(kind, originFlags(origin, concrete(flags)), entry.need)) continue;
        done.add(kind);
        this.emit(kind, entry.api, origin, entry.evidence, steps, entry.fn, ctx.route, entry.condition, undefined, entry.need === 'object');
      }
      for (const pid of a.params ?? []) {
        const owner = this.owners.get(pid >> 6);
        if (!owner || owner.done) continue;
        addSink(owner, { ...entry, param: pid & 63, flags, steps });
      }
    }
    for (const raw of summary.calls) {
      const { value: a, entry } = member(args[raw.param], raw);
      if (!isTainted(a)) continue;
      const flags = composeFlags(flagsOf(a), entry.flags);
      if (flags.clean === ALL_KINDS) continue;
      const steps = concatSteps(addStep(a.steps, callStep), entry.steps) ?? [];
      if (a.src?.length) this.pending.push({ target: entry.target, arg: entry.arg, src: memberSources(a.src, entry.flags.field) ?? [], flags: concrete(flags), steps: addStep(steps, entry.evidence) ?? [], route: ctx.route });
      for (const pid of a.params ?? []) {
        const owner = this.owners.get(pid >> 6);
        if (!owner || owner.done) continue;
        addCall(owner, { ...entry, param: pid & 63, flags, steps });
      }
    }
  }

  /**
   * The value a local call returns: the callee's return value with its own parameters replaced by
   * the arguments (object shapes, module references and captured values are kept).
   */
  substitute(v: AV | undefined, ownerId: number, args: (AV | undefined)[], node: { start: number }, depth = 0): AV | undefined {
    if (!v || depth > 3) return undefined;
    const out: AV = {};
    if (v.fn) out.fn = v.fn;
    if (v.mod) out.mod = v.mod;
    if (v.cls) out.cls = v.cls;
    if (v.thisOf) out.thisOf = v.thisOf;
    if (v.role) {
      out.role = v.role;
      out.name = v.name;
    }
    if (v.regex !== undefined) out.regex = v.regex;
    if (v.text !== undefined) out.text = v.text;
    if (v.fields && v.fields.size <= 48) {
      out.fields = new Map();
      for (const [k, fv] of v.fields) out.fields.set(k, this.substitute(fv, ownerId, args, node, depth + 1));
    }
    if (isTainted(v)) {
      const own = v.params?.filter((p) => p >> 6 === ownerId) ?? [];
      const others = v.params?.filter((p) => p >> 6 !== ownerId);
      let t: AV | undefined = v.src?.length || others?.length ? { src: v.src, params: others?.length ? others : undefined, flags: v.flags, steps: v.steps } : undefined;
      for (const p of own) {
        const { value: a, entry } = member(args[p & 63], { flags: v.flags! });
        if (!isTainted(a)) continue;
        const flags = composeFlags(flagsOf(a), entry.flags);
        if (flags.clean === ALL_KINDS) continue;
        t = mergeTaint(t, { src: memberSources(a.src, v.flags?.field), params: a.params, flags, steps: addStep(a.steps, this.evidence(node)) });
      }
      if (t) {
        out.src = t.src;
        out.params = t.params;
        out.flags = t.flags;
        out.steps = t.steps;
      }
    }
    return Object.keys(out).length ? out : undefined;
  }

  /**
   * A tainted argument to a function in another module: resolved by the link step. Returns a
   * symbolic value for the call's result when request data went in (see `ReturnUse`).
   */
  crossCall(target: CallTarget, args: (AV | undefined)[], node: { start: number }, scope: Scope): AV | undefined {
    if (!args.some(isTainted)) return undefined;
    const at = this.evidence(node);
    args.forEach((a, i) => {
      if (!isTainted(a)) return;
      const f = flagsOf(a);
      if (a.src?.length) this.pending.push({ target, arg: i, src: a.src, flags: concreteFlags(a), steps: addStep(a.steps, at) ?? [], route: scope.ctx.route });
      for (const pid of a.params ?? []) {
        const owner = this.owners.get(pid >> 6);
        if (!owner || owner.done) continue;
        addCall(owner, { param: pid & 63, target, arg: i, flags: f, evidence: at, steps: a.steps ?? [] });
      }
    });
    const concreteArgs = args.flatMap((a, arg) => (isTainted(a) && a.src?.length ? [{ arg, src: a.src, flags: concrete(flagsOf(a)), steps: addStep(a.steps, at) ?? [] }] : []));
    if (!concreteArgs.length) return undefined;
    const owner = this.newOwner('return');
    this.returnUses.set(owner.id, { target, args: concreteArgs, route: scope.ctx.route, call: at });
    return { params: [owner.id * 64], flags: PARAM_FLAGS };
  }

  /** The file's output, with snippets added to every evidence that leaves the analyser. */
  output(exports: FileTaint['exports'], reexports: FileTaint['reexports'], mongoSanitize: boolean, defined: string[] = []): FileTaint {
    const returns: ReturnUse[] = [];
    for (const [id, use] of this.returnUses) {
      const s = this.owners.get(id)?.summary;
      if (s && (s.sinks.length || s.calls.length)) returns.push({ ...use, sinks: s.sinks, calls: s.calls });
    }
    const out: FileTaint = { sinks: [...this.facts.values()], returns, conditional: this.conditional, exports, reexports, pending: this.pending, mongoSanitize, defined, sessionWrites: this.sessionWrites };
    this.fillSnippets(out);
    return out;
  }
}
