// Intra-procedural taint over ast-grep trees, for any language described by a TaintLanguage.
//
// Each function is walked once, in source order, with its parameters as symbolic origins and its
// request objects and route parameters as concrete ones. The walk yields the concrete hits (request
// data reaching a sink in this function) and a summary: which parameters reach which sinks and
// what the return value carries. A call to a function of the same file applies the callee's
// summary, so a helper called with request data reports the sink inside the helper.
//
// Cost: napi calls are the expensive part, so a statement or expression whose text mentions no
// tainted variable, request object, source marker or local function is skipped unread.
import type { SgNode } from '@ast-grep/napi';
import type { Evidence, SinkKind } from '../../../model/types.js';
import { compact, type Lines, lineOf } from '../lines.js';
import { compactCallee, selectArgs, SpecIndex } from './match.js';
import type { ArgSelector, CallArg, FunctionParts, PropagatorSpec, SanitizerSpec, SinkHit, SinkSpec, SourceSpec, TaintLanguage } from './types.js';
import { CLEAN, dangerousFor, type Origin, sanitise, union, type Value, withStep } from './values.js';

/** What the extractor knows about a function: its request objects, route parameters, route. */
export interface FunctionRole {
  /** Variables holding the request object in this function (`request`, `r`, `c`). */
  requestVars: readonly string[];
  /** Parameters that carry request data directly (route parameters), name → source label. */
  sourceParams?: Readonly<Record<string, string>>;
  /** `GET /search` when the registration is known. */
  route?: string;
  /** A string built in a `return` is the response body (Flask views): a sink of this kind. */
  returnSink?: { kind: SinkKind; api: string };
}

export interface TaintInput {
  file: string;
  lines: Lines;
  root: SgNode;
  /** Role of every function (defaults: no request objects). */
  roleOf(fn: SgNode, parts: FunctionParts): FunctionRole;
  /** The file's functions (nodes and names) when the caller already has them (saves searching the tree). */
  functions?: readonly { node: SgNode; name?: string }[];
  /**
   * Cheap test on a function's text: can it see request data at all? Functions that fail it are
   * only analysed when a candidate calls them. Defaults to walking every function with a role.
   */
  candidate?(text: string, fn: SgNode): boolean;
  /**
   * Request data is global (Flask's `request`), so a helper that reads it can be called without
   * arguments: calls to candidate functions are then always followed. Otherwise request data
   * enters a helper only through its arguments. Defaults to true without `candidate`, false with it.
   */
  globalRequests?: boolean;
}

interface ParamSink {
  param: number;
  kind: SinkKind;
  api: string;
  node: SgNode;
  functionName: string;
  steps: Evidence[];
}

interface Summary {
  parts: FunctionParts;
  paramSinks: ParamSink[];
  returns: Value;
}

interface FnInfo {
  node: SgNode;
  name?: string;
  parts: FunctionParts;
  role: FunctionRole;
}

type CallSource = Extract<SourceSpec, { call: true }>;

const MAX_DEPTH = 120;

/**
 * Variable names may start with a sigil (PHP `$q`, Ruby `@q`), where `\b` does not mark a start:
 * a name starts where no word character or sigil of the language precedes it.
 */
function nameStartOf(sigils = '$@'): string {
  return `(?<![\\w${escapeRe(sigils)}])`;
}
const VARIABLE_ROOT = /^[$@]{0,2}[A-Za-z_]\w*/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type KindRole = 'opaque' | 'identifier' | 'call' | 'member' | 'assign' | 'return' | 'loop' | 'scope' | 'function';

/** What the engine derives from a language description: built once per language, not per file. */
interface LanguageTables {
  sinks: SpecIndex<SinkSpec>;
  sanitizers: SpecIndex<SanitizerSpec>;
  propagators: SpecIndex<PropagatorSpec>;
  callSources: SpecIndex<CallSource>;
  requestSources: { request: RegExp; label?: string }[];
  markers: string[];
  kinds: Record<string, KindRole>;
  functionRule: { rule: { any: { kind: string }[] } };
  /** `(?<![\w$@])(?:a|b)\b` by the names it tests, shared by every file of the language. */
  mentionRegex: Map<string, RegExp>;
  /** The look-behind that marks where a variable name starts (see nameStartOf). */
  nameStart: string;
}

/**
 * Keyed by the sink list, not the language object: a language bound to one file's imports (Go's
 * `resolve`) is a new object per file around the same shared lists.
 */
const TABLES = new WeakMap<readonly SinkSpec[], LanguageTables & { from: Pick<TaintLanguage, 'syntax' | 'sources' | 'sanitizers' | 'propagators'> }>();

function tablesOf(lang: TaintLanguage): LanguageTables {
  let t = TABLES.get(lang.sinks);
  const from = t?.from;
  if (t && from && from.syntax === lang.syntax && from.sources === lang.sources && from.sanitizers === lang.sanitizers && from.propagators === lang.propagators) return t;
  const s = lang.syntax;
  const kinds: Record<string, KindRole> = {};
  for (const k of s.opaqueKinds) kinds[k] = 'opaque';
  for (const k of s.identifierKinds) kinds[k] = 'identifier';
  for (const k of s.memberKinds) kinds[k] = 'member';
  for (const k of s.callKinds) kinds[k] = 'call';
  for (const k of s.assignmentKinds) kinds[k] = 'assign';
  for (const k of s.returnKinds) kinds[k] = 'return';
  for (const k of s.loopKinds) kinds[k] = 'loop';
  for (const k of s.scopeKinds) kinds[k] = 'scope';
  for (const k of s.functionKinds) kinds[k] = 'function';
  t = {
    sinks: new SpecIndex(lang.sinks),
    sanitizers: new SpecIndex(lang.sanitizers),
    propagators: new SpecIndex(lang.propagators),
    callSources: new SpecIndex(lang.sources.filter((x): x is CallSource => 'call' in x)),
    requestSources: lang.sources.filter((x): x is { request: RegExp; label?: string } => 'request' in x),
    markers: [...new Set(lang.sources.flatMap((x) => ('call' in x ? x.markers : [])))],
    kinds,
    functionRule: { rule: { any: s.functionKinds.map((kind) => ({ kind })) } },
    mentionRegex: new Map(),
    nameStart: nameStartOf(s.nameSigils),
    from: { syntax: lang.syntax, sources: lang.sources, sanitizers: lang.sanitizers, propagators: lang.propagators },
  };
  TABLES.set(lang.sinks, t);
  return t;
}

/** A regex that finds any of the names as a whole variable name (one test instead of one per name). */
function mentionRegex(tables: LanguageTables, names: readonly string[]): RegExp {
  const key = names.join('\0');
  let re = tables.mentionRegex.get(key);
  if (!re) {
    // Handler parameters make many distinct name sets: keep the cache bounded.
    if (tables.mentionRegex.size > 2000) tables.mentionRegex.clear();
    re = new RegExp(`${tables.nameStart}(?:${names.map(escapeRe).join('|')})\\b`);
    tables.mentionRegex.set(key, re);
  }
  return re;
}

export class TaintEngine {
  private readonly syntax;
  private readonly tables: LanguageTables;
  private readonly sinks: SpecIndex<SinkSpec>;
  private readonly sanitizers: SpecIndex<SanitizerSpec>;
  private readonly propagators: SpecIndex<PropagatorSpec>;
  private readonly callSources: SpecIndex<CallSource>;
  private readonly requestSources: { request: RegExp; label?: string }[];
  private readonly markers: string[];
  private readonly functions = new Map<number, FnInfo>();
  private readonly byName = new Map<string, FnInfo[]>();
  private readonly summaries = new Map<number, Summary | 'pending'>();
  private readonly hits = new Map<string, SinkHit>();
  private readonly kinds: Record<string, KindRole>;

  constructor(
    private readonly lang: TaintLanguage,
    private readonly input: TaintInput,
  ) {
    this.syntax = lang.syntax;
    const tables = (this.tables = tablesOf(lang));
    this.sinks = tables.sinks;
    this.sanitizers = tables.sanitizers;
    this.propagators = tables.propagators;
    this.callSources = tables.callSources;
    this.requestSources = tables.requestSources;
    this.markers = tables.markers;
    this.kinds = tables.kinds;
    const s = this.syntax;
    const rule = tables.functionRule;
    const list = input.functions ?? input.root.findAll(rule).map((node) => ({ node, name: undefined as string | undefined }));
    for (const { node, name: known } of list) {
      // Parts and role are read on first use: most functions of a file are never walked.
      let parts: FunctionParts | undefined;
      let role: FunctionRole | undefined;
      const info = { node } as FnInfo;
      Object.defineProperties(info, {
        parts: { get: () => (parts ??= s.functionParts(node)) },
        // The role gets a view of the parts that reads them only if it looks (a route name, say).
        role: { get: () => (role ??= input.roleOf(node, lazyParts(info))) },
      });
      info.name = input.functions ? known : s.functionName ? s.functionName(node) : info.parts.name;
      this.functions.set(node.id(), info);
      if (info.name) this.byName.set(info.name, [...(this.byName.get(info.name) ?? []), info]);
    }
  }

  /** Walks every function that can see request data; returns the hits in source order. */
  run(): SinkHit[] {
    for (const info of this.functions.values()) {
      // Without a candidate test the role decides first: a function with no request names and a
      // language without markers is skipped before its text is copied out of the tree.
      const candidate = this.input.candidate;
      let text = candidate ? info.node.text() : undefined;
      if (candidate && !candidate(text as string, info.node)) continue;
      const { role } = info;
      const names = [...role.requestVars, ...Object.keys(role.sourceParams ?? {})];
      if (names.length === 0 && this.markers.length === 0) continue;
      text ??= info.node.text();
      const mentions = (names.length > 0 && mentionRegex(this.tables, names).test(text)) || this.markers.some((m) => text.includes(m));
      if (mentions) this.summary(info);
    }
    return [...this.hits.values()].sort((a, b) => lineOf(a.node) - lineOf(b.node) || a.api.localeCompare(b.api));
  }

  private summary(info: FnInfo): Summary | undefined {
    const id = info.node.id();
    const cached = this.summaries.get(id);
    if (cached === 'pending') return undefined;
    if (cached) return cached;
    this.summaries.set(id, 'pending');
    const frame = new Frame(this, info);
    const result: Summary = { parts: info.parts, paramSinks: frame.paramSinks, returns: CLEAN };
    if (info.parts.body) result.returns = frame.walkBody(info.parts.body);
    this.summaries.set(id, result);
    return result;
  }

  // --- services for frames -------------------------------------------------------------------

  kindOf(node: SgNode): string | undefined {
    return this.kinds[String(node.kind())];
  }

  /** The role of a node kind already read (each `kind()` call crosses into native code). */
  roleOfKind(kind: string): string | undefined {
    return this.kinds[kind];
  }

  get lines(): Lines {
    return this.input.lines;
  }

  get file(): string {
    return this.input.file;
  }

  get language(): TaintLanguage {
    return this.lang;
  }

  get markerList(): readonly string[] {
    return this.markers;
  }

  get nameStart(): string {
    return this.tables.nameStart;
  }

  /** Same-file functions that can read request data themselves: calls to them matter without tainted arguments. */
  private sourceNames?: string[];

  localNames(): string[] {
    // Default: follow them unless the caller filters candidates and says request data is not global.
    if (this.input.globalRequests === false || (this.input.globalRequests === undefined && this.input.candidate)) return [];
    if (!this.sourceNames) {
      const names = new Set<string>();
      for (const info of this.functions.values()) {
        if (!info.name || names.has(info.name)) continue;
        const text = info.node.text();
        if (this.input.candidate ? this.input.candidate(text, info.node) : true) names.add(info.name);
      }
      this.sourceNames = [...names];
    }
    return this.sourceNames;
  }

  isSourceFunction(name: string): boolean {
    return this.localNames().includes(name);
  }

  evidence(node: SgNode): Evidence {
    return this.input.lines.evidence(this.input.file, lineOf(node));
  }

  requestSource(rest: string): string | undefined {
    for (const spec of this.requestSources) if (spec.request.test(rest)) return spec.label ?? '';
    return undefined;
  }

  matchSinks(resolved: string, call: SgNode, args: readonly CallArg[]): SinkSpec[] {
    return this.sinks.find(resolved, call, args);
  }

  matchSanitizer(resolved: string, call: SgNode, args: readonly CallArg[]): SanitizerSpec | undefined {
    return this.sanitizers.find(resolved, call, args)[0];
  }

  matchPropagators(resolved: string, call: SgNode, args: readonly CallArg[]): PropagatorSpec[] {
    return this.propagators.find(resolved, call, args);
  }

  matchCallSource(resolved: string, call: SgNode, args: readonly CallArg[]): CallSource | undefined {
    return this.callSources.find(resolved, call, args)[0];
  }

  /** The same-file function a call reaches, by name (`helper(x)`, `self.helper(x)`, `s.helper(x)`). */
  localFunction(name: string, args: number): FnInfo | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    return list.find((f) => f.parts.params.length === args) ?? list[0];
  }

  summaryOf(info: FnInfo): Summary | undefined {
    return this.summary(info);
  }

  report(hit: SinkHit): void {
    const r = hit.node.range().start;
    const key = `${r.line}:${r.column}|${hit.kind}|${hit.api}`;
    if (!this.hits.has(key)) this.hits.set(key, hit);
  }
}

/** The walk of one function body. */
class Frame {
  readonly paramSinks: ParamSink[] = [];
  private readonly env = new Map<string, Value>();
  private readonly requestVars: Set<string>;
  private readonly route?: string;
  private readonly returnSink?: { kind: SinkKind; api: string };
  private readonly receiver?: string;
  private readonly name: string;
  private relevant: RegExp | undefined;
  private lineFlags: Uint8Array | undefined;
  private lineSums: Int32Array | undefined;
  private markersDone = false;
  private readonly pendingNames: string[] = [];
  private readonly firstLine: number;
  private readonly lastLine: number;
  private returns: Value = CLEAN;
  private depth = 0;

  constructor(
    private readonly engine: TaintEngine,
    info: FnInfo,
  ) {
    const { parts, role } = info;
    const span = info.node.range();
    this.firstLine = span.start.line;
    this.lastLine = span.end.line;
    this.requestVars = new Set(role.requestVars);
    this.route = role.route;
    this.returnSink = role.returnSink;
    this.receiver = parts.receiver;
    this.name = parts.name ?? '<anonymous>';
    const sourceParams = role.sourceParams ?? {};
    parts.params.forEach((p, i) => {
      if (this.requestVars.has(p)) return;
      const label = sourceParams[p];
      if (label !== undefined) this.env.set(p, [{ src: label, steps: [engine.evidence(info.node)] }]);
      else this.env.set(p, [{ param: i, steps: [] }]);
    });
    this.pendingNames.push(...this.requestVars, ...this.env.keys(), ...engine.localNames());
  }

  walkBody(body: SgNode): Value {
    // A whole file taken as a function (top-level PHP script code) is walked statement by statement.
    if (this.engine.kindOf(body) === 'function') for (const c of body.namedChildren()) this.visit(c, false);
    else this.visit(body, false);
    return this.returns;
  }

  // --- relevance -------------------------------------------------------------------------------

  private relevantRegex(): RegExp {
    if (!this.relevant) {
      const names = [...this.requestVars, ...[...this.env.entries()].filter(([, v]) => v.length > 0).map(([k]) => k), ...this.engine.localNames()];
      const parts: string[] = [];
      if (names.length > 0) parts.push(`${this.engine.nameStart}(?:${names.map(escapeRe).join('|')})\\b`);
      for (const m of this.engine.markerList) parts.push(escapeRe(m));
      this.relevant = parts.length > 0 ? new RegExp(parts.join('|')) : /$^/;
    }
    return this.relevant;
  }

  private isRelevant(text: string): boolean {
    return this.relevantRegex().test(text);
  }

  /**
   * Relevance of a node from the lines it spans: a flag per line of the function (does it mention
   * a request object, a tainted variable, a source marker or a source function?) and prefix sums
   * over them, so no copy of a large node's text crosses from native code. Flags only grow: a name
   * that becomes tainted marks the lines that mention it; one that stops being tainted leaves its
   * lines marked, which costs a little time, never a finding. Single-line nodes are then tested on
   * their own text.
   */
  private relevantNode(node: SgNode): boolean {
    const r = node.range();
    this.checkedText = undefined;
    this.checkedLine = r.start.line;
    if (this.pendingNames.length > 0 || !this.lineSums) this.markLines();
    const sums = this.lineSums as Int32Array;
    const a = Math.max(r.start.line, this.firstLine) - this.firstLine;
    const b = Math.min(r.end.line, this.lastLine) - this.firstLine;
    if (b < a || sums[b + 1] - sums[a] === 0) return false;
    if (r.start.line !== r.end.line) return true;
    this.checkedText = node.text();
    return this.isRelevant(this.checkedText);
  }

  /**
   * Text of the node the last `relevantNode` call judged (read once: each read copies it out of
   * the native tree).
   */
  private checkedText: string | undefined;
  /** 0-based start line of that node. */
  private checkedLine = 0;

  /** Can the node `relevantNode` just judged start with a request object? Its first line must name one. */
  private mayStartWithRequest(): boolean {
    if (this.requestVars.size === 0) return false;
    if (this.checkedText !== undefined) return true;
    const line = this.engine.lines.line(this.checkedLine + 1);
    for (const v of this.requestVars) if (line.includes(v)) return true;
    return false;
  }

  private markLines(): void {
    const count = this.lastLine - this.firstLine + 1;
    this.lineFlags ??= new Uint8Array(count);
    const names = this.pendingNames.splice(0);
    const parts: string[] = [];
    if (names.length > 0) parts.push(`${this.engine.nameStart}(?:${names.map(escapeRe).join('|')})\\b`);
    if (!this.markersDone) {
      for (const m of this.engine.markerList) parts.push(escapeRe(m));
      this.markersDone = true;
    }
    if (parts.length > 0) {
      const regex = new RegExp(parts.join('|'));
      for (let i = 0; i < count; i++) if (!this.lineFlags[i] && regex.test(this.engine.lines.line(this.firstLine + i + 1))) this.lineFlags[i] = 1;
    }
    const sums = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) sums[i + 1] = sums[i] + this.lineFlags[i];
    this.lineSums = sums;
  }

  private setVar(name: string, value: Value, merge: boolean): void {
    const before = this.env.get(name) ?? CLEAN;
    const next = merge ? union(before, value) : value;
    if ((before.length > 0) !== (next.length > 0)) this.relevant = undefined;
    if (before.length === 0 && next.length > 0) this.pendingNames.push(name);
    this.env.set(name, next);
  }

  // --- statements ------------------------------------------------------------------------------

  private visit(node: SgNode, conditional: boolean): void {
    if (this.depth > MAX_DEPTH) return;
    const kind = String(node.kind());
    const role = this.engine.roleOfKind(kind);
    if (role === 'opaque' || role === 'function' || role === 'scope') return;
    if (!this.relevantNode(node)) return;
    this.depth++;
    try {
      const s = this.engine.language.syntax;
      switch (role) {
        case 'assign':
          this.assign(node, conditional);
          return;
        case 'return': {
          let value: Value = CLEAN;
          for (const c of node.namedChildren()) {
            const v = this.eval(c);
            value = union(value, v);
            if (this.returnSink && v.length > 0 && s.isStringBuilding?.(c)) {
              for (const origin of dangerousFor(v, this.returnSink.kind)) this.record(origin, this.returnSink.kind, this.returnSink.api, node, this.name, []);
            }
          }
          if (value.length > 0) this.returns = union(this.returns, withStep(value, this.engine.evidence(node)));
          return;
        }
        case 'loop': {
          const parts = s.loopParts(node);
          if (parts?.iterable) {
            const value = this.eval(parts.iterable);
            for (const t of parts.targets) {
              const name = s.targetName(t);
              if (name) this.setVar(name, withStep(value, this.engine.evidence(t)), true);
            }
          }
          const skip = new Set([parts?.iterable?.id(), ...(parts?.targets ?? []).map((t) => t.id())]);
          for (const c of node.namedChildren()) if (!skip.has(c.id())) this.visit(c, true);
          return;
        }
        case 'call':
          // Kind and relevance are known: what `eval` would check again.
          if (this.depth <= MAX_DEPTH) this.evalRelevant(node, role);
          return;
        default: {
          const nested = conditional || s.conditionalKinds.includes(kind);
          const guard = s.guard && s.guardKinds?.includes(kind) ? s.guard(node) : undefined;
          const saved = guard?.within ? this.applyGuard(guard) : undefined;
          for (const c of node.namedChildren()) this.visit(c, nested);
          if (saved && !guard?.after) for (const [name, value] of saved) this.setVar(name, value, false);
          else if (guard && !saved) this.applyGuard(guard);
        }
      }
    } finally {
      this.depth--;
    }
  }

  /** Cleans the guarded variables; returns their previous values (to restore after a branch). */
  private applyGuard(guard: { names: string[]; kinds?: SinkKind[] }): Map<string, Value> {
    const saved = new Map<string, Value>();
    for (const name of guard.names) {
      const value = this.env.get(name);
      if (!value || value.length === 0) continue;
      saved.set(name, value);
      this.setVar(name, sanitise(value, guard.kinds), false);
    }
    return saved;
  }

  private assign(node: SgNode, conditional: boolean): void {
    const s = this.engine.language.syntax;
    const parts = s.assignmentParts(node);
    if (!parts) return;
    const values = parts.values.map((v) => this.eval(v));
    const step = this.engine.evidence(node);
    const pairwise = parts.targets.length > 1 && parts.targets.length === values.length;
    const all = union(...values);
    parts.targets.forEach((target, i) => {
      const name = s.targetName(target);
      if (!name) return;
      const value = withStep(pairwise ? values[i] : all, step);
      // `x.f = v` and `x[k] = v` add to x; a plain assignment replaces x unless it may not run.
      const whole = s.identifierKinds.includes(String(target.kind()));
      this.setVar(name, value, parts.augmented || conditional || !whole);
    });
  }

  // --- expressions -----------------------------------------------------------------------------

  eval(node: SgNode): Value {
    if (this.depth > MAX_DEPTH) return CLEAN;
    const role = this.engine.kindOf(node);
    if (role === 'opaque' || role === 'function' || role === 'scope') return CLEAN;
    if (!this.relevantNode(node)) return CLEAN;
    return this.evalRelevant(node, role);
  }

  /** `eval` of a node already found relevant, right after `relevantNode` judged it. */
  private evalRelevant(node: SgNode, role: string | undefined): Value {
    if (role === 'identifier') return this.env.get(this.checkedText ?? node.text()) ?? CLEAN;
    if ((role === 'member' || role === 'call' || role === undefined) && this.mayStartWithRequest()) {
      const source = this.requestSourceOf(this.checkedText ?? node.text(), node);
      if (source) return source;
    }
    this.depth++;
    try {
      switch (role) {
        case 'call':
          return this.call(node);
        case 'member': {
          const object = this.engine.language.syntax.memberParts(node).object;
          return object ? this.eval(object) : CLEAN;
        }
        case 'assign':
          this.assign(node, true);
          return CLEAN;
        default: {
          const parts = this.engine.language.syntax.concatParts?.(node);
          if (parts) return this.concat(parts);
          return node.namedChildren().reduce<Value>((acc, c) => union(acc, this.eval(c)), CLEAN);
        }
      }
    } finally {
      this.depth--;
    }
  }

  /** String building: a clean head fixes the scheme and host (or the path root) for what follows. */
  private concat(parts: SgNode[]): Value {
    const values = parts.map((p) => this.eval(p));
    const rest = union(...values.slice(1));
    if (values[0].length > 0 || rest.length === 0) return union(values[0], rest);
    return sanitise(rest, fixedHeadKinds(parts[0].text()));
  }

  /** `request.args['q']`: text rooted at a request object whose rest a request source accepts. */
  private requestSourceOf(text: string, node: SgNode): Value | undefined {
    const root = VARIABLE_ROOT.exec(text)?.[0];
    if (!root || !this.requestVars.has(root) || text.length === root.length) return undefined;
    const label = this.engine.requestSource(text.slice(root.length));
    if (label === undefined) return undefined;
    return [{ src: label || compact(text, 60), steps: [this.engine.evidence(node)] }];
  }

  private call(node: SgNode): Value {
    const lang = this.engine.language;
    const s = lang.syntax;
    const { callee, args, name, receiver: objectNode } = s.callParts(node);
    const argValues = args.map((a) => this.eval(a.node));
    if (!callee && name === undefined) return union(...argValues);
    // Trees without a callee node (Java, Ruby, PHP method calls) give the dotted name and object.
    const calleeText = name !== undefined ? compactCallee(name) : compactCallee((callee as SgNode).text());
    const resolved = lang.resolve ? lang.resolve(calleeText) : calleeText;
    const member =
      name !== undefined
        ? objectNode
          ? { object: objectNode, property: calleeText.slice(calleeText.lastIndexOf('.') + 1) }
          : undefined
        : this.engine.kindOf(callee as SgNode) === 'member'
          ? s.memberParts(callee as SgNode)
          : undefined;
    const receiverNode = member?.object ?? null;
    const receiverRoot = receiverNode ? VARIABLE_ROOT.exec(receiverNode.text())?.[0] : undefined;
    const onRequest = receiverRoot !== undefined && this.requestVars.has(receiverRoot);
    let receiverValue: Value | undefined;
    const receiver = (): Value => (receiverValue ??= receiverNode ? this.eval(receiverNode) : CLEAN);
    const valueOf = (arg: CallArg): Value => argValues[args.indexOf(arg)] ?? CLEAN;
    const selected = (sel: { receiver?: boolean } & Parameters<typeof selectArgs>[0]): Value =>
      union(...selectArgs(sel, args).map(valueOf), sel.receiver ? receiver() : CLEAN);

    for (const sink of this.engine.matchSinks(resolved, node, args)) {
      if ((sink.notOnRequest && onRequest) || (sink.onlyOnRequest && !onRequest)) continue;
      const value = selected(sink.args);
      for (const origin of dangerousFor(value, sink.kind)) this.record(origin, sink.kind, sink.api, node, this.name, []);
    }

    const source = this.engine.matchCallSource(resolved, node, args);
    if (source && (!source.onRequest || onRequest)) {
      const value: Value = [{ src: source.label ?? compact(node.text(), 60), steps: [this.engine.evidence(node)] }];
      if (!source.into) return value;
      this.writeInto(source.into, args, value, receiverNode);
      return CLEAN;
    }

    const local = this.localTarget(calleeText, member?.property, receiverRoot);
    if (local && (argValues.some((v) => v.length > 0) || this.engine.isSourceFunction(local.name ?? ''))) {
      const summary = this.engine.summaryOf(local);
      if (summary) return this.applySummary(summary, args, argValues, node);
    }

    const sanitizer = this.engine.matchSanitizer(resolved, node, args);
    if (sanitizer) return sanitise(union(...argValues, receiverNode ? receiver() : CLEAN), sanitizer.kinds);

    let result: Value = CLEAN;
    let propagated = false;
    for (const p of this.engine.matchPropagators(resolved, node, args)) {
      propagated = true;
      const value = selected(p.from);
      if (p.into) this.writeInto(p.into, args, value, receiverNode);
      else result = union(result, value);
    }
    if (propagated) return result;
    if (member && lang.methodsPropagate && !onRequest) return receiver();
    return CLEAN;
  }

  private writeInto(into: ArgSelector, args: readonly CallArg[], value: Value, receiver: SgNode | null): void {
    if (value.length === 0) return;
    const s = this.engine.language.syntax;
    const targets = selectArgs(into, args).map((a) => a.node);
    if (into.receiver && receiver) targets.push(receiver);
    for (const node of targets) {
      const name = s.targetName(node);
      if (name && !this.requestVars.has(name)) this.setVar(name, withStep(value, this.engine.evidence(node)), true);
    }
  }

  private localTarget(calleeText: string, property: string | undefined, receiverRoot: string | undefined): FnInfo | undefined {
    const s = this.engine.language.syntax;
    if (/^[A-Za-z_]\w*$/.test(calleeText)) return this.engine.localFunction(calleeText, -1);
    if (property && receiverRoot && (s.selfNames?.includes(receiverRoot) || receiverRoot === this.receiver) && calleeText === `${receiverRoot}.${property}`) {
      return this.engine.localFunction(property, -1);
    }
    return undefined;
  }

  private applySummary(summary: Summary, args: readonly CallArg[], argValues: readonly Value[], call: SgNode): Value {
    const callStep = this.engine.evidence(call);
    const paramValue = (i: number): Value => {
      const name = summary.parts.params[i];
      const byKeyword = args.findIndex((a) => a.keyword !== undefined && a.keyword === name);
      if (byKeyword >= 0) return argValues[byKeyword];
      let position = 0;
      for (const [k, a] of args.entries()) {
        if (a.keyword !== undefined) continue;
        if (a.spread) return argValues[k];
        if (position === i) return argValues[k];
        position++;
      }
      return CLEAN;
    };
    for (const ps of summary.paramSinks) {
      for (const origin of dangerousFor(paramValue(ps.param), ps.kind)) this.record(origin, ps.kind, ps.api, ps.node, ps.functionName, [callStep, ...ps.steps]);
    }
    let result: Value = CLEAN;
    for (const o of summary.returns) {
      if (o.param === undefined) {
        result = union(result, withStep([o], callStep));
        continue;
      }
      const incoming = paramValue(o.param).map((i) => ({ ...i, clean: o.clean ? [...new Set([...(i.clean ?? []), ...o.clean])].sort() : i.clean }));
      result = union(result, withStep(incoming, callStep));
    }
    return result;
  }

  /** A dangerous origin reached a sink: a hit when concrete, a summary entry when symbolic. */
  private record(origin: Origin, kind: SinkKind, api: string, node: SgNode, functionName: string, via: Evidence[]): void {
    const steps = [...origin.steps, ...via];
    if (origin.param !== undefined) {
      this.paramSinks.push({ param: origin.param, kind, api, node, functionName, steps });
      return;
    }
    this.engine.report({ kind, api, source: origin.src ?? 'request data', route: this.route, node, functionName, steps });
  }
}

/**
 * Sink kinds a clean head makes safe for what follows: a full URL up to its path (`https://api/x/`)
 * or a root-relative path fixes the host; a constant (`BASE_URL`) is assumed to be a base URL.
 */
function fixedHeadKinds(head: string): SinkKind[] {
  const t = head.replace(/^[rRbBuUfF]*["'`]/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s"'`{}%]+\//i.test(t) || /^\/[^/\\]/.test(t)) return ['ssrf', 'redirect'];
  if (/^\{?\s*[A-Za-z_][\w.]*\s*\}?$/.test(t)) return ['ssrf'];
  return [];
}

/** A function's parts, read from the tree on first access to any field. */
function lazyParts(info: FnInfo): FunctionParts {
  return {
    get name() {
      return info.parts.name;
    },
    get params() {
      return info.parts.params;
    },
    get body() {
      return info.parts.body;
    },
    get receiver() {
      return info.parts.receiver;
    },
  };
}

/** Runs the engine over one file. */
export function runTaint(lang: TaintLanguage, input: TaintInput): SinkHit[] {
  return new TaintEngine(lang, input).run();
}
