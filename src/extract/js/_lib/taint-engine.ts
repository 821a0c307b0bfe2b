// The JS/TS taint interpreter: one pass over each function body in source order, tracking which
// values hold request data. Functions are summarised once (parameters are symbolic), so a call
// applies the callee's summary instead of re-walking it; inline callbacks are walked where they
// are passed. Everything is linear in the size of the file.
import type {
  Directive,
  Expression,
  MemberExpression,
  Node,
  ObjectExpression,
  Program,
  Statement,
  TemplateLiteral,
} from 'oxc-parser';
import type { ParsedJs } from './parse.js';
import { exits, exportName, exprKey, keyName, patternNames, propName, stringValue, unwrap } from './taint-ast.js';
import {
  CONTEXT_TYPES,
  REQUEST_TYPES,
  RESPONSE_TYPES,
  SERVER_FILE_FIELDS,
  typeName,
  UPLOAD_LABEL,
} from './taint-frameworks.js';
import { evalCall } from './taint-calls.js';
import { alwaysPassed } from './taint-callers.js';
import { assertedByCall, type GuardEnv, listMatch, pathErrorOf, URL_ERROR_CLEAN, urlErrorOf, type Validated, validated } from './taint-guards.js';
import { type FilterCheck, filterCheck, keysOf } from './taint-keys.js';
import { isLocalSpec, memberRef, modRefOf } from './taint-modules.js';
import type { EngineOptions, FileTaint, Mode, Reexport } from './taint-output.js';
import { Recorder } from './taint-recorder.js';
import { runtimeOf } from './runtime-branch.js';
import { type FnCtx, type Owner, Scope } from './taint-scope.js';
import { contentTypeKind, writeMethodExport } from './taint-sinks.js';
import { buildString } from './taint-strings.js';
import { ClassTable } from './taint-classes.js';
import { feathersParam, isHookFunction, servedMethod } from './taint-feathers.js';
import { archiveValue, CTX_NAMES, nestParam, routeParamClean, REDIRECT_SAFE_HEADERS, refererValue, REQUEST_NAMES, requestMember, RESPONSE_NAMES, sourceValue } from './taint-sources.js';
import {
  type AV,
  bits,
  type ClassRef,
  type FnNode,
  type FnRef,
  type Flags,
  type FnSummary,
  isTainted,
  PARAM_FLAGS,
  type Tri,
  type SchemaRef,
} from './taint-types.js';
import {
  addStep,
  derive,
  flagsOf,
  mergeTaint,
  mergeValues,
  paramLike,
  withClean,
  fieldKey,
  STRING_MEMBER,
} from './taint-value.js';
import { isScalar, type PartCheck, type SchemaNames } from './taint-route-schemas.js';
import { topLevelConsts } from './taint-schema-names.js';
import { ddpSourceLabel, meteorChecked } from './taint-meteor.js';

const MAX_DEPTH = 300;
/** Words naming request objects (and archive entries), whole words only. */
const REQUEST_WORD = /\b(?:_?req|[Rr]equest|ctx|getEntries|entry)\b/g;
/** Length of the longest word REQUEST_WORD matches (`getEntries`). */
const REQUEST_WORD_MAX = 10;
const GRAPHQL_ROOTS = ['Query', 'Mutation', 'Subscription'] as const;
const PATH_LIKE = bits('path', 'archive');
/** Fields tracked per local object; bigger objects keep only their taint. */
export const MAX_FIELDS = 48;

export class Analyzer {
  readonly file: string;
  private readonly content: string;
  /** The file's text (for registrations that depend on what else the file holds). */
  get source(): string {
    return this.content;
  }
  private readonly parsed: ParsedJs;
  private readonly options: EngineOptions;
  /** Route of the file's h3 handler (EngineOptions.fileRoute). */
  readonly fileRoute: string | undefined;
  branch = 0;
  private depth = 0;
  private readonly analyzed = new Map<FnNode, Owner | 'running'>();
  private readonly handled = new Set<FnNode>();
  private readonly inlined = new Set<FnNode>();
  private readonly classes = new ClassTable(this);
  private readonly deepMergeMemo = new Map<FnNode, boolean>();
  /** `fallbackDead` answers, by function start and parameter index. */
  private readonly deadFallbacks = new Map<string, boolean>();
  /** Functions that normalise paths: a leading `..` check in them is a containment check. */
  private readonly normalising = new Map<FnNode, boolean>();
  /** `memberFlags` answers, by the value's flags and the member named. */
  private readonly memberFlagsMemo = new Map<Flags, Map<string | undefined, Flags>>();
  readonly presetModes = new Map<FnNode, Mode>();

  /** The module belongs to a Feathers application (ClassHost). */
  get feathersModule(): boolean {
    return this.options.feathers === true;
  }
  private readonly exportValues = new Map<string, AV | undefined>();
  private readonly exportAliases: { exported: string; local: string }[] = [];
  private readonly reexports: Reexport[] = [];
  mongoSanitize = false;
  /** Meteor server code (taint-meteor.ts: DDP registrations, `check`): decided once, not per call. */
  readonly meteor: boolean;
  readonly rec: Recorder;

  constructor(options: EngineOptions) {
    this.options = options;
    this.fileRoute = options.fileRoute;
    this.file = options.file;
    this.content = options.content;
    this.parsed = options.parsed;
    this.rec = new Recorder(options.file, options.content, options.parsed);
    this.meteor = /\bMeteor\.|meteor\/|ValidatedMethod|Restivus|Picker\./.test(options.content);
  }

  /**
   * Whether a function's text mentions a request object name: a word of REQUEST_WORD starting
   * inside it. Functions without one need no walk of their own.
   *
   * Only the function's own text is searched, and the search stops at the first word: scanning
   * the whole file up front cost more, since much of a file is imports, types and functions that
   * are called (or never reached). The answer is the whole-file scan's: a whole-word match depends
   * only on the word and its two neighbours, so the text is widened by one character before (the
   * `\b` before a word at the start) and by the longest word's length after (a word starting
   * inside, and the character after it); matches starting outside the function do not count.
   */
  private mentionsRequest(node: { start: number; end: number }): boolean {
    const from = node.start > 0 ? node.start - 1 : 0;
    const text = this.content.slice(from, node.end + REQUEST_WORD_MAX);
    REQUEST_WORD.lastIndex = 0;
    for (let m = REQUEST_WORD.exec(text); m; m = REQUEST_WORD.exec(text)) {
      const at = from + m.index;
      if (at >= node.start) return at < node.end;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Entry
  // -------------------------------------------------------------------------------------------

  run(program: Program): FileTaint {
    const owner = this.rec.newOwner('module');
    const ctx: FnCtx = { owner, name: 'module', contentTypes: new Map() };
    const scope = new Scope(undefined, ctx, 0, []);
    this.execBody(program.body, scope);
    for (const alias of this.exportAliases) this.exportValues.set(alias.exported, scope.lookup(alias.local));
    this.flushDeferred(scope.deferred);
    const defined: string[] = [];
    const exports = this.summariseExports(defined);
    owner.done = true;
    return this.rec.output(exports, this.reexports, this.mongoSanitize, defined);
  }


  // -------------------------------------------------------------------------------------------
  // Evidence and facts
  // -------------------------------------------------------------------------------------------










  // -------------------------------------------------------------------------------------------
  // Functions
  // -------------------------------------------------------------------------------------------

  makeFn(node: FnNode, scope: Scope, name: string, cls?: ClassRef): FnRef {
    const ref: FnRef = { node, scope, name, cls };
    // A Feathers hook (`async (context) => ...`) gets the client's data in its context.
    if (this.options.feathers && !cls && !this.presetModes.has(node) && isHookFunction(node)) this.presetModes.set(node, { kind: 'feathers', method: 'hook' });
    scope.deferred.push(ref);
    return ref;
  }

  /**
   * Functions nobody called: walked only when they can hold request data themselves (a request
   * object by name, or a handler mode); exported ones are summarised on demand at the end.
   */
  private flushDeferred(list: FnRef[]): void {
    for (let i = 0; i < list.length; i++) {
      const ref = list[i];
      if (this.analyzed.has(ref.node) || this.inlined.has(ref.node)) continue;
      const preset = this.presetModes.get(ref.node);
      if (!preset && !this.mentionsRequest(ref.node)) continue;
      this.analyzeFunction(ref, preset ?? { kind: 'symbolic' });
    }
  }

  /** Summarises a function (memoised). Returns undefined while it is being analysed (recursion). */
  analyzeFunction(ref: FnRef, mode: Mode): Owner | undefined {
    const prev = this.analyzed.get(ref.node);
    if (prev === 'running') return undefined;
    const handlerMode = mode.kind !== 'symbolic' && mode.kind !== 'inline';
    if (prev && (!handlerMode || this.handled.has(ref.node))) return prev;
    if (handlerMode) this.handled.add(ref.node);
    const owner = this.rec.newOwner(ref.name);
    this.analyzed.set(ref.node, 'running');
    const route = mode.kind === 'handler' || mode.kind === 'nest' || mode.kind === 'graphql' ? mode.route : mode.kind === 'socket' ? `WS ${mode.event}` : undefined;
    const ctx: FnCtx = {
      owner,
      name: ref.name,
      route,
      ...(mode.kind === 'handler' && mode.checks ? { checks: mode.checks } : {}),
      htmlReturn: mode.kind === 'nest' && mode.htmlReturn === true,
      contentTypes: new Map(),
      node: ref.node,
      cls: ref.cls,
      fnRef: ref,
    };
    const saved = this.branch;
    this.branch++;
    const scope = new Scope(ref.scope as Scope, ctx, this.branch, []);
    this.bindThis(ref, scope);
    if (mode.kind === 'handler' && mode.thisRequest && ref.node.type !== 'ArrowFunctionExpression') scope.declare('this', { role: 'request', name: 'this' });
    this.bindParams(ref.node, scope, mode, owner);
    this.execFnBody(ref.node, scope);
    this.flushDeferred(scope.deferred);
    this.branch = saved;
    owner.summary.ret = this.retOf(ctx.ret, owner);
    const ret = owner.summary.ret;
    if (ret && this.stripsOperatorKeys(ref.node)) ret.flags = { ...ret.flags, clean: ret.flags.clean | bits('nosql') };
    owner.retValue = ctx.ret;
    owner.done = true;
    this.analyzed.set(ref.node, prev && prev !== owner ? prev : owner);
    return owner;
  }

  /** Walks a callback where it is passed, with the caller's scope and summary owner. */
  analyzeInline(ref: FnRef, params: (AV | undefined)[], callerScope: Scope): AV | undefined {
    if (this.inlined.has(ref.node) || this.analyzed.has(ref.node)) return undefined;
    this.inlined.add(ref.node);
    const parent = callerScope.ctx;
    const ctx: FnCtx = {
      owner: parent.owner,
      name: parent.name,
      route: parent.route,
      ...(parent.checks ? { checks: parent.checks } : {}),
      ret: undefined,
      contentTypes: parent.contentTypes,
      node: ref.node,
      cls: parent.cls,
      fnRef: ref,
      parent,
    };
    this.branch++;
    const scope = new Scope(ref.scope as Scope, ctx, this.branch, callerScope.deferred);
    if (ref.node.type !== 'ArrowFunctionExpression') scope.declare('this', undefined);
    this.bindParams(ref.node, scope, { kind: 'inline', params }, parent.owner);
    this.execFnBody(ref.node, scope);
    this.branch--;
    return ctx.ret;
  }

  /** A function registered as a route/socket handler. */
  analyzeHandler(ref: FnRef, mode: Mode): void {
    if (this.inlined.has(ref.node)) return;
    this.analyzeFunction(ref, mode);
  }

  callLocal(ref: FnRef, args: (AV | undefined)[], node: { start: number }, scope: Scope): AV | undefined {
    const owner = this.analyzeFunction(ref, this.presetModes.get(ref.node) ?? { kind: 'symbolic' });
    if (!owner) return undefined;
    this.rec.applySummary(owner.summary, args, node, scope);
    return this.rec.substitute(owner.retValue, owner.id, args, node);
  }

  private execFnBody(node: FnNode, scope: Scope): void {
    const body = node.body;
    if (!body) return;
    if (body.type === 'BlockStatement') this.execBody(body.body, scope);
    else {
      const v = this.ev(body, scope);
      scope.ctx.ret = mergeValues(scope.ctx.ret, v);
    }
  }

  private retOf(ret: AV | undefined, owner: Owner): FnSummary['ret'] {
    if (!isTainted(ret)) return undefined;
    const params = (ret.params ?? []).filter((p) => p >> 6 === owner.id).map((p) => p & 63);
    if (!params.length && !ret.src?.length) return undefined;
    return { params, flags: flagsOf(ret), src: ret.src };
  }

  /**
   * A project's own MongoDB sanitiser: it deletes the keys that start with `$` (`for (k in v) if
   * (/^\$/.test(k)) delete v[k]`), so what it returns carries no query operator. Judged by its text.
   */
  private stripsOperatorKeys(node: FnNode): boolean {
    const text = this.content.slice(node.start, node.end);
    if (!/\bdelete\s+[\w.]+\[/.test(text)) return false;
    return /\/\^\\\$/.test(text) || /startsWith\(\s*['"`]\$['"`]\s*\)/.test(text) || /(\[0\]|charAt\(0\))\s*===?\s*['"`]\$['"`]/.test(text);
  }

  /** Whether a computed write happens inside a recursive merge helper (decided lazily, memoised). */
  private inDeepMerge(ctx: FnCtx): boolean {
    for (let c: FnCtx | undefined = ctx; c; c = c.parent) {
      if (!c.fnRef) continue;
      let v = this.deepMergeMemo.get(c.fnRef.node);
      if (v === undefined) {
        v = this.isDeepMerge(c.fnRef);
        this.deepMergeMemo.set(c.fnRef.node, v);
      }
      if (v) return true;
    }
    return false;
  }

  private isDeepMerge(ref: FnRef): boolean {
    const short = ref.name.split('.').pop() ?? '';
    if (!short || short === 'module' || ref.node.body?.type !== 'BlockStatement') return false;
    const text = this.content.slice(ref.node.start, ref.node.end);
    if (!text.includes(`${short}(`) || text.indexOf(`${short}(`) === text.lastIndexOf(`${short}(`)) {
      // A function expression's own name is not in its text; recursion needs a second mention.
      if (!(ref.node.type === 'FunctionDeclaration' && text.split(`${short}(`).length > 2)) return false;
    }
    // A merge that names the dangerous keys or checks own properties is taken as guarded.
    return !/__proto__|['"`](?:constructor|prototype)['"`]|hasOwnProperty|hasOwn\(|Object\.create\(null\)|isPrototypePolluted/.test(text);
  }

  private bindThis(ref: FnRef, scope: Scope): void {
    if (ref.node.type === 'ArrowFunctionExpression') return;
    scope.declare('this', ref.cls ? { role: 'this', thisOf: ref.cls } : undefined);
  }

  private bindParams(node: FnNode, scope: Scope, mode: Mode, owner: Owner): void {
    // TypeScript's `this: Socket` parameter only types `this`: callers pass no argument for it.
    const params = node.params.filter((p) => !(p.type === 'Identifier' && p.name === 'this'));
    params.forEach((p, i) => {
      let pat: Node = p;
      let decorators = 'decorators' in p ? p.decorators : undefined;
      if (pat.type === 'TSParameterProperty') {
        decorators = pat.decorators;
        pat = pat.parameter;
      }
      if (pat.type === 'RestElement') pat = pat.argument;
      let target: Node = pat;
      if (target.type === 'AssignmentPattern') target = target.left;
      const name = target.type === 'Identifier' ? target.name : undefined;
      const typed = target.type === 'Identifier' && !!target.typeAnnotation && target.typeAnnotation.typeAnnotation.type === 'TSTypeReference';
      const annotation = target.type === 'Identifier' || target.type === 'ObjectPattern' ? typeName(target.typeAnnotation) : undefined;
      let value = nestParam(decorators, name ?? `param${i}`, typed, mode.kind === 'nest' ? mode.route : undefined, typed ? annotation : undefined);
      // Framework types say what a parameter is, whatever it is called: `({ file }: Request)`.
      if (!value && annotation && REQUEST_TYPES.has(annotation)) value = { role: 'request', name: name ?? 'req' };
      else if (!value && annotation && RESPONSE_TYPES.has(annotation)) value = { role: 'response', name: name ?? 'res' };
      else if (!value && annotation && CONTEXT_TYPES.has(annotation)) value = { role: 'ctx', name: name ?? 'ctx' };
      if (!value && mode.kind === 'inline') value = mode.params[i];
      if (!value && mode.kind === 'handler' && mode.pathParams && i === 0) value = sourceValue(`${name ?? 'params'} (path parameters)`, 'strings');
      if (!value && mode.kind === 'nest') value = undefined;
      else if (!value && mode.kind === 'feathers') value = feathersParam(mode.method, i, name);
      else if (!value && name && REQUEST_NAMES.has(name)) value = { role: 'request', name };
      else if (!value && name && RESPONSE_NAMES.has(name)) value = { role: 'response', name };
      else if (!value && name && CTX_NAMES.has(name)) value = { role: 'ctx', name };
      else if (!value && mode.kind === 'socket') value = sourceValue(ddpSourceLabel(mode.event, name ?? `${i}`) ?? (mode.event === 'message' ? `websocket message ${name ?? ''}`.trim() : `socket event '${mode.event}' ${name ?? ''}`.trim()), 'any', true);
      // GraphQL arguments are typed by the schema: scalars are strings or numbers, inputs are known fields.
      else if (!value && mode.kind === 'graphql' && i === (mode.args ?? 1)) value = sourceValue('graphql args', 'strings');
      else if (!value && mode.kind === 'action') value = sourceValue(`server action argument ${name ?? i}`, 'any', true);
      else if (!value && mode.kind === 'handler' && i === 0) value = mode.lambda ? { role: 'event', name: name ?? 'event' } : { role: 'request', name: name ?? 'req' };
      else if (!value && mode.kind === 'handler' && i === 1 && name !== 'next') value = { role: 'response', name: name ?? 'res' };
      else if (!value && mode.kind === 'symbolic' && i < 63) value = { params: [owner.id * 64 + i], flags: PARAM_FLAGS };
      if (value && value.src && !value.steps) value = { ...value, steps: [this.rec.evidence(p)] };
      this.bindPattern(pat, value, scope, 'declare');
    });
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private hoist(stmts: (Statement | Directive)[], scope: Scope): void {
    for (const s of stmts) {
      let d: Node = s;
      if (d.type === 'ExportNamedDeclaration' && d.declaration) d = d.declaration;
      else if (d.type === 'ExportDefaultDeclaration') d = d.declaration;
      if (d.type === 'FunctionDeclaration' && d.id && d.body) {
        scope.declare(d.id.name, { fn: this.makeFn(d, scope, d.id.name, scope.ctx.cls) });
      }
    }
  }

  execBody(stmts: (Statement | Directive)[], scope: Scope): void {
    this.hoist(stmts, scope);
    for (const s of stmts) this.exec(s, scope);
  }

  private exec(stmt: Statement | Directive, scope: Scope): void {
    switch (stmt.type) {
      case 'ExpressionStatement': {
        this.ev(stmt.expression, scope);
        // `ensureInside(root, p);`: a local asserting helper checked its arguments, or threw.
        let call = unwrap(stmt.expression);
        if (call.type === 'AwaitExpression') call = unwrap(call.argument);
        if (call.type === 'CallExpression' && call.arguments.length && call.callee.type === 'Identifier') {
          // Meteor's `check(arg, String)` (the global or `meteor/check`'s), unless the file defines its own.
          if (this.meteor && call.callee.name === 'check' && !scope.lookup('check')?.fn) this.addGuards(meteorChecked(call), scope);
          else this.addGuards(assertedByCall(call, this.guardEnv(scope)), scope);
        }
        return;
      }
      case 'VariableDeclaration':
        for (const d of stmt.declarations) {
          const names = d.id.type === 'Identifier' ? d.id.name : undefined;
          // `const Posts = module.exports; Posts.exists = ...`: the local object is the export.
          if (names && d.init && scope.ctx.name === 'module' && /^(?:module\.)?exports$/.test(exprKey(unwrap(d.init)) ?? '')) {
            this.exportAliases.push({ exported: 'default', local: names });
          }
          let v = d.init ? this.ev(d.init, scope, names) : undefined;
          if (isTainted(v)) v = { ...v, steps: addStep(v.steps, this.rec.evidence(d)) };
          else if (names && d.init) {
            v = this.withFound(d.init, v, scope);
            const named = pathErrorOf(d.init);
            if (named) v = { ...(v ?? {}), errorOf: [named] };
            const urls = named ? undefined : urlErrorOf(d.init);
            if (urls) v = { ...(v ?? {}), errorOf: urls, errorClean: URL_ERROR_CLEAN };
          }
          this.bindPattern(d.id, v, stmt.kind === 'var' ? scope.root() : scope, 'declare');
        }
        return;
      case 'FunctionDeclaration':
        if (!stmt.id && stmt.body) this.makeFn(stmt, scope, scope.ctx.name);
        return;
      case 'ClassDeclaration': {
        const ref = this.classes.define(stmt, scope, stmt.id?.name ?? 'default');
        if (stmt.id) scope.declare(stmt.id.name, { cls: ref });
        return;
      }
      case 'ReturnStatement':
        if (stmt.argument) {
          const v = this.ev(stmt.argument, scope);
          scope.ctx.ret = mergeValues(scope.ctx.ret, v);
          // Nest sends a returned string as the text/html body (objects go out as JSON, which the
          // html sink check leaves out by shape).
          if (scope.ctx.htmlReturn) this.rec.sinkHit({ kind: 'html', api: 'Nest handler return', value: v }, stmt.argument, scope);
        }
        return;
      case 'ThrowStatement':
        this.ev(stmt.argument, scope);
        return;
      case 'IfStatement':
        this.execIf(stmt.test, stmt.consequent, stmt.alternate, scope);
        return;
      case 'BlockStatement':
        this.execBody(stmt.body, scope.child(this.branch));
        return;
      case 'ForStatement': {
        this.branch++;
        const s = scope.child(this.branch);
        if (stmt.init) {
          if (stmt.init.type === 'VariableDeclaration') this.exec(stmt.init, s);
          else this.ev(stmt.init, s);
        }
        if (stmt.test) this.ev(stmt.test, s);
        this.exec(stmt.body, s);
        if (stmt.update) this.ev(stmt.update, s);
        this.branch--;
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const right = this.ev(stmt.right, scope);
        this.branch++;
        const s = scope.child(this.branch);
        const item = stmt.type === 'ForInStatement' ? derive(keysOf(right), { shape: 'string', whole: 'no', sqlish: 'no', html: 'no' }) : this.elementOf(right);
        const left = stmt.left;
        if (left.type === 'VariableDeclaration') {
          for (const d of left.declarations) this.bindPattern(d.id, item, s, 'declare');
        } else this.bindPattern(left, item, s, 'assign');
        this.exec(stmt.body, s);
        this.branch--;
        return;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.ev(stmt.test, scope);
        this.branch++;
        this.exec(stmt.body, scope.child(this.branch));
        this.branch--;
        return;
      case 'SwitchStatement': {
        this.ev(stmt.discriminant, scope);
        this.branch++;
        const s = scope.child(this.branch);
        for (const c of stmt.cases) {
          if (c.test) this.ev(c.test, s);
          // One scope per case: a case entered directly has not run the assignments of the cases before it.
          this.execBody(c.consequent, s.child(this.branch));
        }
        this.branch--;
        return;
      }
      case 'TryStatement': {
        // `try { name = sanitize(name) } catch { return }`: code after the statement runs only when
        // the try block finished, so its writes are certain there (not merged with the old value).
        const definite = !stmt.handler || exits(stmt.handler.body);
        if (!definite) this.branch++;
        const block = scope.child(this.branch);
        this.execBody(stmt.block.body, block);
        if (!definite) this.branch--;
        this.branch++;
        if (stmt.handler) {
          const s = scope.child(this.branch);
          if (stmt.handler.param) this.bindPattern(stmt.handler.param, undefined, s, 'declare');
          this.execBody(stmt.handler.body.body, s);
        }
        this.branch--;
        // `try { if (!/^[a-z]+$/.test(x)) throw ... } catch (e) { ...; return; }`: likewise its checks hold there.
        if (block.guards?.size && definite) scope.inheritGuards(block);
        if (stmt.finalizer) this.execBody(stmt.finalizer.body, scope.child(scope.branch));
        return;
      }
      case 'LabeledStatement':
        this.exec(stmt.body, scope);
        return;
      case 'WithStatement':
        this.ev(stmt.object, scope);
        this.exec(stmt.body, scope);
        return;
      case 'ImportDeclaration':
        if (stmt.importKind === 'type') return;
        for (const spec of stmt.specifiers) {
          if (spec.type === 'ImportSpecifier' && spec.importKind === 'type') continue;
          const member = spec.type === 'ImportSpecifier' ? (spec.imported.type === 'Literal' ? String(spec.imported.value) : spec.imported.name) : undefined;
          scope.declare(spec.local.name, { mod: modRefOf(stmt.source.value, member) });
        }
        if (stmt.source.value === 'express-mongo-sanitize') this.mongoSanitize = true;
        return;
      case 'TSImportEqualsDeclaration':
        if (stmt.moduleReference.type === 'TSExternalModuleReference') scope.declare(stmt.id.name, { mod: modRefOf(stmt.moduleReference.expression.value) });
        return;
      case 'ExportNamedDeclaration':
        this.execExportNamed(stmt, scope);
        return;
      case 'ExportDefaultDeclaration': {
        const d = stmt.declaration;
        if (d.type === 'FunctionDeclaration') {
          const v = d.id ? scope.lookup(d.id.name) : { fn: this.makeFn(d, scope, 'default') };
          this.setExport('default', v);
        } else if (d.type === 'ClassDeclaration') {
          const ref = this.classes.define(d, scope, d.id?.name ?? 'default');
          if (d.id) scope.declare(d.id.name, { cls: ref });
          this.setExport('default', { cls: ref });
        } else if (d.type !== 'TSInterfaceDeclaration') {
          this.setExport('default', this.ev(d, scope, 'default'));
        }
        return;
      }
      case 'ExportAllDeclaration':
        this.reexports.push({ spec: stmt.source.value, names: stmt.exported ? { [exportName(stmt.exported)]: '*' } : undefined });
        return;
      case 'TSExportAssignment':
        this.setExport('default', this.ev(stmt.expression, scope, 'default'));
        return;
      default:
        return;
    }
  }

  private execExportNamed(stmt: Extract<Statement, { type: 'ExportNamedDeclaration' }>, scope: Scope): void {
    if (stmt.exportKind === 'type') return;
    if (stmt.source) {
      const names: Record<string, string> = {};
      for (const s of stmt.specifiers) names[exportName(s.exported)] = exportName(s.local);
      this.reexports.push({ spec: stmt.source.value, names });
      return;
    }
    const d = stmt.declaration;
    if (d) {
      if (d.type === 'FunctionDeclaration' && d.id) {
        const v = scope.lookup(d.id.name);
        if (v?.fn) this.presetExportMode(d.id.name, v.fn);
        this.setExport(d.id.name, v);
        return;
      }
      this.exec(d, scope);
      if (d.type === 'ClassDeclaration' && d.id) this.setExport(d.id.name, scope.lookup(d.id.name));
      if (d.type === 'VariableDeclaration') {
        for (const decl of d.declarations) {
          for (const n of patternNames(decl.id)) {
            const v = scope.lookup(n);
            if (v?.fn) this.presetExportMode(n, v.fn);
            this.setExport(n, v);
          }
        }
      }
      return;
    }
    for (const s of stmt.specifiers) this.exportAliases.push({ exported: exportName(s.exported), local: exportName(s.local) });
  }

  /** Next.js route handlers, server actions and getServerSideProps get handler semantics. */
  private presetExportMode(name: string, fn: FnRef): void {
    const route = this.options.exportRoute?.(name);
    if (route) this.presetModes.set(fn.node, { kind: 'handler', route });
    else if (this.options.serverActions) this.presetModes.set(fn.node, { kind: 'action' });
    else if (name === 'getServerSideProps') this.presetModes.set(fn.node, { kind: 'handler' });
    else if (name === 'handler' && /\blambda\b|aws-lambda|APIGateway/.test(this.content)) this.presetModes.set(fn.node, { kind: 'handler', lambda: true });
  }

  setExport(name: string, v: AV | undefined): void {
    this.exportValues.set(name, v);
    if (v?.fn) this.presetExportMode(name, v.fn);
    // An exported object of handlers (SvelteKit's `export const actions = { default, archive }`).
    if (v?.fields && this.options.exportRoute) {
      for (const [key, field] of v.fields) {
        const route = field?.fn ? this.options.exportRoute(`${name}.${key}`) : undefined;
        if (route && field?.fn) this.presetModes.set(field.fn.node, { kind: 'handler', route });
      }
    }
  }

  private execIf(test: Expression, cons: Statement, alt: Statement | null, scope: Scope): void {
    this.ev(test, scope);
    // An isomorphic module's browser-only branch (`if (isNode) {...} else { eval(script) }`) never runs on the server.
    const runtime = runtimeOf(test, this.parsed.program);
    this.branch++;
    if (runtime !== 'browser') this.exec(cons, this.guarded(test, true, scope));
    if (alt && runtime !== 'server') this.exec(alt, this.guarded(test, false, scope));
    this.branch--;
    // `if (!valid(x)) return;` validates x for the rest of the block. Each branch is asked once
    // (`exits` is pure, and builds callee text for a trailing call).
    const consExits = exits(cons);
    const altExits = exits(alt);
    if (consExits && !altExits) this.applyGuards(test, false, scope);
    else if (alt && altExits && !consExits) this.applyGuards(test, true, scope);
  }

  /** A child scope carrying the checks `test` proves when it is `truth` (or the scope itself). */
  private guarded(test: Expression, truth: boolean, scope: Scope): Scope {
    const list = validated(test, truth, this.guardEnv(scope));
    if (!list.length) return scope;
    const child = scope.child(this.branch);
    this.addGuards(list, child);
    return child;
  }

  applyGuards(test: Expression, truth: boolean, scope: Scope): void {
    this.addGuards(validated(test, truth, this.guardEnv(scope)), scope);
  }

  /** Names a check uses, resolved in the scope of the check only when it asks (see `GuardEnv`). */
  private guardScope: Scope | undefined;
  private readonly env: GuardEnv = {
    regexOf: (e) => (e.type === 'Identifier' ? this.guardScope?.lookup(e.name)?.regex : undefined),
    foundOf: (e) => (e.type === 'Identifier' ? this.guardScope?.lookup(e.name)?.found : undefined),
    errorOf: (e) => {
      const found = e.type === 'Identifier' ? this.guardScope?.lookup(e.name) : undefined;
      return found?.errorOf ? { exprs: found.errorOf, clean: found.errorClean } : undefined;
    },
    ownList: (e) => this.ownList(e, this.guardScope),
    fnOf: (callee) => {
      const key = exprKey(callee);
      if (!key) return undefined;
      const [root, ...rest] = key.split('.');
      // `this.isInside(dir, p)`: a method of the class the check runs in (never a field's).
      if (root === 'this') {
        const cls = rest.length === 1 ? this.guardScope?.lookup('this')?.thisOf : undefined;
        return cls ? this.classes.methods(cls).get(rest[0])?.node : undefined;
      }
      let v = this.guardScope?.lookup(root);
      for (const k of rest) v = v?.fields?.get(k);
      return v?.fn?.node;
    },
    scalarSchema: (schema) => this.guardScope !== undefined && isScalar(schema, this.schemaNames(this.guardScope)),
    importedSchema: (schema) => (schema.type === 'Identifier' && this.guardScope ? this.schemaRef(schema.name, this.guardScope) : undefined),
    normalises: () => {
      const node = this.guardScope?.ctx.node;
      if (!node) return false;
      let yes = this.normalising.get(node);
      if (yes === undefined) {
        const text = this.content.slice(node.start, node.end);
        yes = text.includes('relative(') || (text.includes('normalize(') && text.includes('isAbsolute('));
        this.normalising.set(node, yes);
      }
      return yes;
    },
  };

  /** `const plugin = plugins.find((p) => p.name === name)`: a truthy `plugin` vouches for `name`. */
  private withFound(init: Expression, v: AV | undefined, scope: Scope): AV | undefined {
    let e = unwrap(init);
    if (e.type === 'AwaitExpression') e = unwrap(e.argument);
    if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || !/^find(?:Last)?$/.test(propName(e.callee) ?? '')) return v;
    if (!this.ownList(unwrap(e.callee.object), scope)) return v;
    const found = listMatch(e);
    return found.length ? { ...(v ?? {}), found } : v;
  }

  /** A list whose entries are the server's: not request data, not read from a request object. */
  private ownList(e: Expression, scope: Scope | undefined): boolean {
    const key = exprKey(e);
    if (!key || !scope) return false;
    const [root, ...rest] = key.split('.');
    let v = scope.lookup(root);
    for (const k of rest) {
      if (!v || v.role === 'request' || v.role === 'ctx' || v.role === 'event' || isTainted(v)) break;
      v = v.thisOf ? this.classes.member(v.thisOf, k) : v.fields?.get(k);
    }
    return !(v && (v.role === 'request' || v.role === 'ctx' || v.role === 'event' || v.role === 'session' || isTainted(v)));
  }

  /** Top-level constants of the file, indexed on first use (only routes with validation middleware ask). */
  private consts: Map<string, Expression> | undefined;

  /** How the file binds names used as request member schemas (taint-route-schemas.ts). */
  schemaNames(scope: Scope): SchemaNames {
    return {
      local: (name) => (this.consts ??= topLevelConsts(this.parsed.program)).get(name),
      imported: (name) => {
        const mod = scope.lookup(name)?.mod;
        if (!mod || mod.instance || mod.path.length > 1 || !isLocalSpec(mod.module)) return undefined;
        return { module: mod.module, name: mod.path[0] ?? 'default' };
      },
    };
  }

  /** The schema a name is imported as, from this file (link decides whether it is a scalar). */
  schemaRef(name: string, scope: Scope): SchemaRef | undefined {
    const from = this.schemaNames(scope).imported(name);
    return from && { file: this.file, module: from.module, name: from.name };
  }

  private guardEnv(scope: Scope): GuardEnv {
    this.guardScope = scope;
    return this.env;
  }

  /** Guard key of an expression that is not a plain path: its source text without spaces. */
  private textKey(node: { start: number; end: number }): string | undefined {
    if (node.end - node.start > 200) return undefined;
    return `text:${this.content.slice(node.start, node.end).replace(/\s+/g, '')}`;
  }

  private addGuards(list: Validated[], scope: Scope): void {
    for (const v of list) {
      const e0 = unwrap(v.expr);
      const key = exprKey(v.expr) ?? (e0.type === 'CallExpression' ? this.textKey(e0) : undefined);
      if (key) scope.guard(key, v.clean);
      if (key && v.schema) scope.guardSchema(key, v.schema);
      // Checking `url.hostname` (or host, origin) validates where `url` points.
      const e = unwrap(v.expr);
      if (e.type === 'MemberExpression' && /^(?:hostname|host|origin)$/.test(propName(e) ?? '')) {
        const base = exprKey(e.object);
        if (base) scope.guard(base, v.clean & bits('ssrf', 'redirect'));
        const input = base ? scope.lookup(base.split('.')[0]) : undefined;
        if (v.exact && input?.urlOf && !base!.includes('.')) scope.guard(input.urlOf, v.clean & bits('ssrf', 'redirect'));
      }
      // `const host = url.parse(u).hostname; if (!ALLOWED.includes(host)) return`: so does `u`.
      const hostOf = v.exact && e.type === 'Identifier' ? scope.lookup(e.name)?.hostOf : undefined;
      if (hostOf) scope.guard(hostOf, v.clean & bits('ssrf', 'redirect'));
      // `const resolved = path.resolve(full); if (!resolved.startsWith(root)) return`: so is `full`
      // (and what `full` was joined from, `path.join(root, name)`).
      const pathClean = v.clean & PATH_LIKE;
      let pathOf = pathClean && e.type === 'Identifier' ? scope.lookup(e.name)?.pathOf : undefined;
      for (let i = 0; pathOf && i < 4; i++) {
        scope.guard(pathOf, pathClean);
        pathOf = /^[\w$]+$/.test(pathOf) ? scope.lookup(pathOf)?.pathOf : undefined;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Patterns and assignments
  // -------------------------------------------------------------------------------------------

  bindPattern(pat: Node | null, value: AV | undefined, scope: Scope, how: 'declare' | 'assign'): void {
    if (!pat) return;
    switch (pat.type) {
      case 'Identifier':
        if (how === 'declare') scope.declare(pat.name, value);
        else scope.assign(pat.name, value, this.branch);
        return;
      case 'ObjectPattern':
        for (const p of pat.properties) {
          if (p.type === 'RestElement') {
            this.bindPattern(p.argument, value, scope, how);
            continue;
          }
          const key = keyName(p.key, p.computed);
          if (p.computed && key === undefined) this.ev(p.key as Expression, scope);
          this.bindPattern(p.value, this.checkedMember(value, key, this.routeParam(value, key, this.memberOf(value, key), scope), scope), scope, how);
        }
        return;
      case 'ArrayPattern':
        pat.elements.forEach((e, i) => {
          if (!e) return;
          // `[key, value]` of an `Object.entries` pair: the key holds what the object's keys hold.
          const item = i === 0 && value?.pair ? value.pair.key : this.elementOf(value);
          this.bindPattern(e.type === 'RestElement' ? e.argument : e, e.type === 'RestElement' ? value : item, scope, how);
        });
        return;
      case 'AssignmentPattern': {
        const dflt = this.ev(pat.right, scope);
        // `function f(data = req.body)` with every caller passing `data`: the default never applies.
        const dead = dflt?.src?.length && pat.left.type === 'Identifier' && this.fallbackDead(pat.left.name, scope);
        this.bindPattern(pat.left, value?.role || value?.mod || dead ? value : mergeValues(value, dflt), scope, how);
        return;
      }
      case 'RestElement':
        this.bindPattern(pat.argument, value, scope, how);
        return;
      case 'MemberExpression':
        this.assignMember(pat, value, scope, pat);
        return;
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        this.bindPattern(pat.expression, value, scope, how);
        return;
      default:
        return;
    }
  }

  private evAssign(node: Extract<Expression, { type: 'AssignmentExpression' }>, scope: Scope): AV | undefined {
    const op = node.operator;
    const left = node.left;
    const hint = left.type === 'Identifier' ? left.name : left.type === 'MemberExpression' ? propName(left) : undefined;
    let value: AV | undefined;
    if (op === '=') value = this.ev(node.right, scope, hint);
    else if (op === '+=') {
      const cur = left.type === 'Identifier' || left.type === 'MemberExpression' ? this.ev(left as Expression, scope) : undefined;
      value = buildString([{ value: cur }, { value: this.ev(node.right, scope) }]);
    } else if (op === '||=' || op === '??=' || op === '&&=') {
      const cur = left.type === 'Identifier' || left.type === 'MemberExpression' ? this.ev(left as Expression, scope) : undefined;
      value = mergeValues(cur, this.ev(node.right, scope));
    } else {
      this.ev(node.right, scope);
      value = undefined;
    }
    if (isTainted(value)) value = { ...value, steps: addStep(value.steps, this.rec.evidence(node)) };
    if (left.type === 'MemberExpression') this.assignMember(left, value, scope, node);
    else this.bindPattern(left, value, scope, 'assign');
    return value;
  }

  private assignMember(target: MemberExpression, value: AV | undefined, scope: Scope, node: { start: number }): void {
    const objNode = unwrap(target.object);
    const key = propName(target);
    // CommonJS exports.
    const objText = exprKey(objNode);
    if (objText === 'module' && key === 'exports') return this.setExport('default', value);
    if ((objText === 'exports' || objText === 'module.exports') && key) return this.setExport(key, value);
    const obj = this.ev(objNode, scope);
    if (target.computed && key === undefined) {
      const k = this.ev(target.property as Expression, scope);
      this.computedWrite(objNode, k, target, value, scope, node);
      // `row[req.body.col] = v`: the object's keys are no longer only the names the code wrote.
      if (isTainted(k) && isTainted(obj) && obj.flags.fields && objNode.type === 'Identifier') scope.assign(objNode.name, { ...obj, flags: { ...obj.flags, fields: undefined } }, this.branch);
      return;
    }
    if (!key) return;
    // `Notes.announce.remove = async (pid) => ...` on a namespace object: one level of nesting.
    if (value?.fn && objNode.type === 'MemberExpression' && !objNode.computed) return this.nestedMethod(objNode, key, value, scope);
    if (obj?.role === 'ctx' && key === 'body') {
      const ct = scope.ctx.contentTypes.get(obj.name ?? 'ctx');
      if (ct === 'xml') this.rec.sinkHit({ kind: 'xml-injection', api: `${obj.name ?? 'ctx'}.body`, value, need: 'htmlish' }, node, scope);
      else if (ct !== 'other') this.rec.sinkHit({ kind: 'html', api: `${obj.name ?? 'ctx'}.body`, value, need: ct === 'html' ? undefined : 'htmlish' }, node, scope);
      return;
    }
    if (obj?.role === 'ctx' && key === 'type') {
      const t = value?.text;
      if (t !== undefined) scope.ctx.contentTypes.set(obj.name ?? 'ctx', contentTypeKind(t));
      return;
    }
    if (obj?.role === 'this' && obj.thisOf) {
      this.classes.setField(obj.thisOf, key, value);
      return;
    }
    // `req.session.user_name = req.body.username`: later requests read it back (second order).
    if (obj?.role === 'session') {
      const from = value?.src?.find((o) => o.kind === 'request');
      if (from) {
        // A record whose request data all sits in named members (`user.url = url`): only those are the client's.
        const fields = value?.fields && value.flags?.fields ? value.flags.fields.map(fieldKey) : undefined;
        this.rec.sessionWrites.push({ key: obj.name?.endsWith('.meta') ? `meta.${key}` : key, source: from.label, evidence: this.rec.evidence(node), ...(fields ? { fields } : {}) });
      }
      return;
    }
    // Constructor functions: `function Dao(db) { this.find = (id) => ... }`.
    if (objNode.type === 'ThisExpression' && value?.fn && scope.ctx.fnRef && scope.ctx.fnRef.node.type !== 'ArrowFunctionExpression') {
      this.classes.addCtorMethod(scope.ctx.fnRef.node, key, value.fn);
      return;
    }
    if (objNode.type !== 'Identifier' || obj?.role || obj?.mod || obj?.fn || obj?.cls || obj?.thisOf) return;
    // `opts.url = req.query.u`: track the field on the local object.
    // Namespaces (`ts.x = ...` thousands of times) are not worth a field map: only small objects
    // and values that matter (request data, functions, modules) are tracked.
    const interesting = isTainted(value) || value?.fn || value?.mod || value?.cls || value?.thisOf;
    if (!interesting && !obj?.fields?.has(key)) return;
    if ((obj?.fields?.size ?? 0) >= MAX_FIELDS && !obj?.fields?.has(key)) {
      if (isTainted(value)) scope.assign(objNode.name, mergeValues(obj, { ...value, fields: undefined }), this.branch);
      return;
    }
    const fields = new Map(obj?.fields ?? []);
    fields.set(key, value);
    const merged = mergeTaint(obj, value);
    if (isTainted(merged)) {
      // Still an object: sent as JSON, not markup; string fields cannot carry query operators.
      const shapes = [...fields.values()].filter(isTainted).map((f) => f.flags.shape);
      const shape = shapes.every((sh) => sh === 'string' || sh === 'strings') && flagsOf(merged).shape !== 'object' && flagsOf(merged).shape !== 'any' ? 'strings' : 'object';
      const flags: Flags = { ...merged.flags, shape, whole: obj?.flags?.whole === 'yes' ? 'yes' : 'no', fields: undefined };
      // An object literal stays one when a named member is set (`data.signal = signal`).
      // So does a record read back from the database (`user.name = req.body.name` leaves `user._id` the server's).
      if (!isTainted(obj) || obj.flags?.fields || storedOnly(obj)) flags.fields = taintedKeys(fields);
      scope.assign(objNode.name, { ...merged, flags, fields }, this.branch);
    } else {
      // Untainted: the object keeps its own identity, not that of the function stored in it.
      scope.assign(objNode.name, { ...(obj ?? {}), fields }, this.branch);
    }
  }

  /** `A.b.c = fn` with `A` a local object: `A.b` gets member `c`, so exports of `A` list `b.c`. */
  private nestedMethod(target: MemberExpression, key: string, value: AV, scope: Scope): void {
    const root = unwrap(target.object);
    const sub = propName(target);
    if (root.type !== 'Identifier' || !sub) return;
    const a = scope.lookup(root.name);
    if (a && (a.role || a.mod || a.fn || a.cls || a.thisOf || isTainted(a))) return;
    if ((a?.fields?.size ?? 0) >= MAX_FIELDS && !a?.fields?.has(sub)) return;
    const b = a?.fields?.get(sub);
    if (b && (b.role || b.mod || b.fn || b.cls || b.thisOf || isTainted(b))) return;
    const inner = new Map(b?.fields ?? []);
    inner.set(key, value);
    const fields = new Map(a?.fields ?? []);
    fields.set(sub, { ...(b ?? {}), fields: inner });
    scope.assign(root.name, { ...(a ?? {}), fields }, this.branch);
  }

  /** `obj[k1][k2] = v` with both keys from the request, or a computed write in a deep-merge helper. */
  private computedWrite(objNode: Expression, key: AV | undefined, target: MemberExpression, value: AV | undefined, scope: Scope, node: { start: number }): void {
    if (!isTainted(key)) return;
    if (objNode.type === 'MemberExpression' && objNode.computed) {
      const inner = this.ev(objNode.property as Expression, scope);
      if (isTainted(inner)) {
        // Both keys must be controlled: concrete sources on both sides, or the same parameter.
        const src = inner.src?.length && key.src?.length ? key.src : undefined;
        const params = key.params?.filter((p) => inner.params?.includes(p));
        if (src || params?.length) {
          const value: AV = { src, params: params?.length ? params : undefined, flags: { ...flagsOf(key), shape: 'any' }, steps: key.steps };
          this.rec.sinkHit({ kind: 'merge', api: 'computed property assignment', value }, node, scope);
        }
        return;
      }
    }
    // In a recursive merge, the polluting write copies a value from the same object the key came from.
    if (sharesInput(key, value) && this.inDeepMerge(scope.ctx)) {
      this.rec.sinkHit({ kind: 'merge', api: 'recursive merge', value: { ...key, flags: { ...flagsOf(key), shape: 'any' } } }, node, scope);
    }
    void target;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  ev(node: Expression, scope: Scope, hint?: string): AV | undefined {
    // Bounded recursion: deeply nested code is cut off rather than overflowing the stack (an
    // exception ends the file's analysis anyway, so no try/finally on this hot path).
    if (this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    const v = this.evInner(node, scope, hint);
    this.depth--;
    return v;
  }

  private evInner(node: Expression, scope: Scope, hint?: string): AV | undefined {
    switch (node.type) {
      case 'Identifier': {
        if (node.name === 'undefined') return undefined;
        const v = scope.lookup(node.name);
        return isTainted(v) && scope.hasGuards() ? this.checked(v, node.name, scope) : v;
      }
      case 'Literal':
        if (typeof node.value === 'string') return { text: node.value };
        if ('regex' in node && node.regex) return { regex: node.regex.pattern };
        // Numbers and booleans keep their text: concatenation and option checks (`noent: true`) read it.
        if (typeof node.value === 'number' || typeof node.value === 'boolean') return { text: String(node.value) };
        return undefined;
      case 'TemplateLiteral':
        return this.evTemplate(node, scope);
      case 'TaggedTemplateExpression': {
        // `sql\`...${x}\`` builds parameterised queries; only String.raw keeps the text.
        const parts = node.quasi.expressions.map((e) => this.ev(e, scope));
        const tag = exprKey(unwrap(node.tag));
        return tag === 'String.raw' ? this.evTemplate(node.quasi, scope, parts) : undefined;
      }
      case 'BinaryExpression':
        if (node.operator === '+') return this.evConcat(node, scope);
        if (node.left.type !== 'PrivateIdentifier') this.ev(node.left, scope);
        this.ev(node.right, scope);
        return undefined;
      case 'LogicalExpression': {
        const l = this.ev(node.left, scope);
        this.branch++;
        const r = this.ev(node.right, node.operator === '??' ? scope : this.guarded(node.left, node.operator === '&&', scope));
        this.branch--;
        // `data = data || req.body` where every caller passes `data`: the fallback never runs.
        if (node.operator !== '&&' && r?.src?.length && node.left.type === 'Identifier' && this.fallbackDead(node.left.name, scope)) return l;
        return mergeValues(l, r);
      }
      case 'ConditionalExpression': {
        this.ev(node.test, scope);
        this.branch++;
        const c = this.ev(node.consequent, this.guarded(node.test, true, scope));
        const a = this.ev(node.alternate, this.guarded(node.test, false, scope));
        this.branch--;
        return mergeValues(c, a);
      }
      case 'AssignmentExpression':
        return this.evAssign(node, scope);
      case 'MemberExpression':
        return this.evMember(node, scope);
      case 'CallExpression': {
        const v = evalCall(this, node, scope);
        // `ALLOWED.includes(f(x)) ? f(x) : d`: a checked call expression, matched by its text.
        if (isTainted(v) && scope.hasGuards()) {
          const k = this.textKey(node);
          if (k) return withClean(v, scope.guardBits(k));
        }
        return v;
      }
      case 'NewExpression':
        return evalCall(this, node, scope);
      case 'ImportExpression': {
        const spec = stringValue(unwrap(node.source));
        if (spec !== undefined) return { mod: modRefOf(spec) };
        const v = this.ev(node.source, scope);
        this.rec.sinkHit({ kind: 'code-eval', api: 'import', value: v }, node, scope);
        return undefined;
      }
      case 'AwaitExpression':
        return this.ev(node.argument, scope);
      case 'ArrayExpression': {
        let out: AV | undefined;
        for (const e of node.elements) {
          if (!e) continue;
          const v = this.ev(e.type === 'SpreadElement' ? e.argument : e, scope);
          out = mergeTaint(out, e.type === 'SpreadElement' ? this.elementOf(v) : v);
        }
        return derive(out, { shape: 'strings', whole: 'no', sqlish: 'no', html: 'no' });
      }
      case 'ObjectExpression':
        return this.evObject(node, scope);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { fn: this.makeFn(node, scope, hint && hint !== 'default' ? hint : node.type === 'FunctionExpression' && node.id ? node.id.name : scope.ctx.name, scope.ctx.cls) };
      case 'ClassExpression':
        return { cls: this.classes.define(node, scope, node.id?.name ?? hint ?? 'default') };
      case 'SequenceExpression': {
        let last: AV | undefined;
        for (const e of node.expressions) last = this.ev(e, scope);
        return last;
      }
      case 'UnaryExpression':
        this.ev(node.argument, scope);
        return undefined;
      case 'UpdateExpression':
        return undefined;
      case 'YieldExpression': {
        const v = node.argument ? this.ev(node.argument, scope) : undefined;
        scope.ctx.ret = mergeValues(scope.ctx.ret, v);
        return undefined;
      }
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.ev(node.expression, scope, hint);
      case 'ChainExpression':
        return this.ev(node.expression as Expression, scope, hint);
      case 'ThisExpression':
        return scope.lookup('this');
      default:
        return undefined;
    }
  }

  private evMember(node: MemberExpression, scope: Scope): AV | undefined {
    // `const activitypub = module.parent.exports`: the module that required this one, the folder's
    // index as a rule, and the repository's own code either way.
    if (!node.computed && propName(node) === 'exports' && exprKey(node) === 'module.parent.exports') return { mod: modRefOf('.') };
    const obj = this.ev(node.object, scope);
    let key = propName(node);
    if (node.computed && key === undefined) {
      this.ev(node.property as Expression, scope);
      if (!isTainted(obj)) return undefined;
      key = undefined;
    }
    let v = this.routeParam(obj, key, this.memberOf(obj, key), scope);
    if (v?.src && obj?.role) v = this.checkedMember(obj, key, { ...v, steps: [this.rec.evidence(node)] }, scope);
    if (isTainted(v) && scope.hasGuards()) {
      const k = exprKey(node);
      if (k) v = this.checked(v, k, scope);
    }
    return v;
  }

  /** A value read under the checks that dominate the read: their clean bits, and an imported schema it passed. */
  private checked(v: AV, key: string, scope: Scope): AV {
    const out = withClean(v, scope.guardBits(key)) ?? v;
    const schema = scope.schemaOf(key);
    return schema ? { ...out, flags: { ...flagsOf(out), schema } } : out;
  }

  /** `req.body` in a handler after validation middleware that checked it (taint-route-schemas.ts). */
  private checkedMember(obj: AV | undefined, key: string | undefined, v: AV | undefined, scope: Scope): AV | undefined {
    const checked = key !== undefined && obj?.role === 'request' ? scope.ctx.checks?.get(key) : undefined;
    return checked && isTainted(v) ? checkedPart(v, checked, this.file) : v;
  }

  /** `req.params.id` in a handler of `/x/:id(\\d+)`: the route's own pattern checked it. */
  private routeParam(obj: AV | undefined, key: string | undefined, v: AV | undefined, scope: Scope): AV | undefined {
    const route = scope.ctx.route;
    if (!isTainted(v) || key === undefined || !route?.includes('(') || !obj?.src?.some((o) => o.label.endsWith('.params'))) return v;
    return withClean(v, routeParamClean(route, key));
  }

  /**
   * Whether `name` is a parameter of the function being walked that every caller in this file
   * passes (see `alwaysPassed`), so a fallback for its absence is dead code.
   */
  private fallbackDead(name: string, scope: Scope): boolean {
    const ref = scope.ctx.fnRef;
    if (!ref || !/^[A-Za-z_$][\w$]*$/.test(ref.name)) return false;
    const index = ref.node.params.findIndex((p) => {
      const t = p.type === 'AssignmentPattern' ? p.left : p;
      return t.type === 'Identifier' && t.name === name;
    });
    if (index < 0) return false;
    const key = `${ref.node.start}:${index}`;
    let dead = this.deadFallbacks.get(key);
    if (dead === undefined) {
      dead = alwaysPassed(this.parsed.program, ref.node, ref.name, index);
      this.deadFallbacks.set(key, dead);
    }
    return dead;
  }

  /** Reads member `key` (undefined: a dynamic key) of a value. */
  memberOf(obj: AV | undefined, key: string | undefined): AV | undefined {
    if (!obj) return undefined;
    if (obj.role) {
      if (key === undefined) return undefined;
      if (obj.role === 'this') return obj.thisOf ? this.classes.member(obj.thisOf, key) : undefined;
      if (obj.role === 'response') return undefined;
      return requestMember(obj.role, obj.name ?? 'req', key);
    }
    if (obj.mod) return key === undefined ? undefined : { mod: memberRef(obj.mod, key) };
    if (obj.thisOf) return key === undefined ? undefined : this.classes.member(obj.thisOf, key);
    if (obj.cls) return key === undefined ? undefined : this.classes.member(obj.cls, key);
    if (obj.fields && key !== undefined && obj.fields.has(key)) return obj.fields.get(key);
    if (!isTainted(obj) || key === 'length') return undefined;
    if (key === '0' && obj.pair) return obj.pair.key;
    // An object whose request data all sits in named members (`flags.fields`): any other member holds none.
    if (key !== undefined && obj.fields && obj.flags?.fields) return storedPart(obj);
    let urlClean = obj.url && key !== undefined ? URL_PART_CLEAN.get(key) : undefined;
    if (urlClean !== undefined && obj.url === 'legacy' && (key === 'hostname' || key === 'host')) urlClean |= bits('html');
    if (urlClean !== undefined) {
      const part = withClean(derive(obj, URL_PART), urlClean);
      return part && obj.urlOf && key !== 'pathname' ? { ...part, hostOf: obj.urlOf } : part;
    }
    if (key !== undefined && SERVER_FILE_FIELDS.has(key) && obj.src?.every((o) => o.kind === 'request' && UPLOAD_LABEL.test(o.label))) {
      return { src: obj.src.map((o) => ({ label: `${o.label}.${key}`, kind: 'upload' as const })), flags: { ...flagsOf(obj), shape: 'string', whole: 'no' }, steps: obj.steps };
    }
    const f = flagsOf(obj);
    // `opts.templatePath` of a parameter: callers passing an object literal decide by that member.
    // Deeper reads extend the path (`opts.context.teamId`), so callers can tell which nested member.
    const field = key === undefined || obj.src?.length ? undefined : paramLike(f) ? key : nestedField(f, key);
    const v: AV = { src: obj.src, params: obj.params, flags: this.memberFlags(f, field), steps: obj.steps };
    if (!obj.src?.length || key === undefined) return v;
    // Concrete sources: name the member in the label (`req.query` → `req.query.q`).
    const suffix = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : /^[^'\n]{1,40}$/.test(key) ? `['${key}']` : undefined;
    if (suffix) v.src = obj.src.map((o) => (o.label.length < 60 ? { ...o, label: o.label + suffix, ...(o.dto && o.dtoField === undefined ? { dtoField: key } : {}) } : o));
    const header = REDIRECT_SAFE_HEADERS.test(key) && obj.src.some((o) => /\.headers?$/.test(o.label));
    return header ? refererValue(v) : v;
  }

  /**
   * The flags of a member read from a value with flags `f` (and `field`, the parameter member it
   * names). Flags are never changed once made, so one object serves every read of the same kind:
   * most reads are members of parameters, whose flags are all the one `PARAM_FLAGS`.
   */
  private memberFlags(f: Flags, field: string | undefined): Flags {
    let byField = this.memberFlagsMemo.get(f);
    if (!byField) this.memberFlagsMemo.set(f, (byField = new Map()));
    let flags = byField.get(field);
    if (!flags) {
      const shape = f.shape === 'strings' || f.shape === 'string' ? 'string' : f.shape === 'inherit' ? 'inherit' : 'any';
      flags = { ...f, shape, whole: 'no', sqlish: 'no', html: 'no', fields: undefined };
      if (field !== undefined) flags.field = field;
      byField.set(field, flags);
    }
    return flags;
  }

  elementOf(v: AV | undefined): AV | undefined {
    if (!isTainted(v)) return undefined;
    const f = flagsOf(v);
    const el: AV = { src: v.src, params: v.params, flags: { ...f, shape: f.shape === 'strings' ? 'string' : f.shape === 'inherit' ? 'inherit' : 'any', whole: 'no', fields: undefined }, steps: v.steps };
    if (v.entries) el.pair = { key: v.entries.keys };
    return el;
  }

  /** What an inline `.filter` callback's allow-list check vouches for (see `filterCheck`). */
  filterCheck(cb: Expression | undefined, scope: Scope): FilterCheck | undefined {
    const tainted = (name: string): boolean => {
      const v = scope.lookup(name);
      return !!v && (isTainted(v) || v.role === 'request' || v.role === 'ctx' || v.role === 'event' || v.role === 'session');
    };
    return filterCheck(cb, this.guardEnv(scope), tainted);
  }

  /** A Feathers service as an object of methods (`app.use('/x', { async find(params) {...} })`). */
  private feathersObjectService(fields: Map<string, AV | undefined>): void {
    if (![...fields.keys()].some((k) => servedMethod(k) && fields.get(k)?.fn)) return;
    for (const [k, v] of fields) if (v?.fn && servedMethod(k) && !this.presetModes.has(v.fn.node)) this.presetModes.set(v.fn.node, { kind: 'feathers', method: k });
  }

  private evObject(node: ObjectExpression, scope: Scope): AV | undefined {
    const fields = new Map<string, AV | undefined>();
    let taint: AV | undefined;
    let whole: Tri = 'no';
    // Keys written by the code and string values: no `__proto__` or operator can come from the request.
    let shape: 'object' | 'strings' = 'strings';
    // Whether every tainted member is a named key (no spread of request data): `flags.fields`.
    let closed = true;
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        const v = this.ev(p.argument, scope);
        if (v?.fields) for (const [k, fv] of v.fields) fields.set(k, fv);
        if (isTainted(v)) {
          taint = mergeTaint(taint, v);
          shape = 'object';
          closed = false;
          if (flagsOf(v).whole !== 'no') whole = flagsOf(v).whole;
        }
        continue;
      }
      const key = keyName(p.key, p.computed);
      if (p.computed && key === undefined) this.ev(p.key as Expression, scope);
      const valueNode = p.value as Expression;
      const v = this.ev(valueNode, scope, key);
      if (v?.fn && key === 'onentry') this.analyzeInline(v.fn, [archiveValue('archive entry')], scope);
      if (key !== undefined) fields.set(key, v);
      if (isTainted(v)) {
        taint = mergeTaint(taint, v);
        if (key === undefined) closed = false;
        if (v.flags.shape !== 'string' && v.flags.shape !== 'strings') shape = 'object';
      }
    }
    this.graphqlResolvers(fields);
    if (this.options.feathers) this.feathersObjectService(fields);
    if (!taint) return { fields };
    const flags: Flags = { ...flagsOf(taint), shape, whole, sqlish: 'no', html: 'no', fields: undefined };
    if (closed && fields.size <= MAX_FIELDS) flags.fields = taintedKeys(fields);
    return { src: taint.src, params: taint.params, flags, steps: taint.steps, fields };
  }

  /** Apollo-style resolver maps: `{ Query: { user: (parent, args) => ... } }` take client args. */
  private graphqlResolvers(fields: Map<string, AV | undefined>): void {
    // Runs for every object literal: most have none of the root keys, so no loop is set up for them.
    if (!fields.size) return;
    for (const root of GRAPHQL_ROOTS) {
      const resolvers = fields.get(root)?.fields;
      if (!resolvers) continue;
      for (const [name, v] of resolvers) {
        const fn = v?.fn ?? v?.fields?.get('resolve')?.fn ?? v?.fields?.get('subscribe')?.fn;
        if (fn && !this.presetModes.has(fn.node)) this.presetModes.set(fn.node, { kind: 'graphql', route: `GRAPHQL ${root}.${name}` });
      }
    }
  }

  private evTemplate(node: TemplateLiteral, scope: Scope, values?: (AV | undefined)[]): AV | undefined {
    const parts: { text?: string; value?: AV }[] = [];
    node.quasis.forEach((q, i) => {
      parts.push({ text: q.value.cooked ?? q.value.raw });
      const e = node.expressions[i];
      if (e) parts.push({ value: values ? values[i] : this.ev(e, scope) });
    });
    return buildString(parts);
  }

  /** `a + b + c`: flattened iteratively so long chains do not recurse. */
  private evConcat(node: Extract<Expression, { type: 'BinaryExpression' }>, scope: Scope): AV | undefined {
    const operands: Expression[] = [];
    let n: Expression = node;
    while (n.type === 'BinaryExpression' && n.operator === '+') {
      operands.push(n.right);
      n = n.left as Expression;
    }
    operands.push(n);
    operands.reverse();
    return buildString(operands.map((e) => ({ value: this.ev(e, scope) })));
  }


  // -------------------------------------------------------------------------------------------
  // Exports
  // -------------------------------------------------------------------------------------------

  /** Summaries of the exported functions that matter to callers; `defined` gets the write-method names (see `Condition.unlessDefined`). */
  private summariseExports(defined: string[]): Record<string, FnSummary> {
    const out: Record<string, FnSummary> = {};
    const add = (name: string, fn: FnRef): void => {
      const owner = this.analyzeFunction(fn, this.presetModes.get(fn.node) ?? { kind: 'symbolic' });
      // Only names a mass-assignment hit can ask about: every name made thousands of summary facts.
      if (writeMethodExport(name)) defined.push(name);
      const s = owner?.summary;
      if (s && (s.sinks.length || s.calls.length || s.ret)) out[name] = s;
    };
    const addClass = (name: string, ref: ClassRef): void => {
      for (const [m, fn] of this.classes.methods(ref)) {
        add(`${name}.${m}`, fn);
        if (name === 'default' && ref.name !== 'default') add(`${ref.name}.${m}`, fn);
      }
    };
    for (const [name, v] of [...this.exportValues.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (!v) continue;
      if (v.fn) {
        add(name, v.fn);
        for (const [m, fn] of this.classes.ctorMethods(v.fn.node)) add(`${name}.${m}`, fn);
      } else if (v.cls) addClass(name, v.cls);
      else if (v.thisOf) addClass(name, v.thisOf);
      else if (v.fields) {
        for (const [k, fv] of v.fields) {
          // `ActivityPub.notes = require('./notes')`: the namespace re-exports that module.
          if (name === 'default' && fv?.mod && fv.mod.path.length === 0 && isLocalSpec(fv.mod.module)) {
            this.reexports.push({ spec: fv.mod.module, names: { [k]: '*' } });
            continue;
          }
          // `Blocklists.core.remove = ...`: methods one namespace down.
          if (fv?.fields && !fv.fn && !fv.cls) {
            for (const [m, g] of fv.fields) {
              if (!g?.fn) continue;
              add(`${name}.${k}.${m}`, g.fn);
              if (name === 'default') add(`${k}.${m}`, g.fn);
            }
          }
          if (fv?.fn) {
            add(`${name}.${k}`, fv.fn);
            if (name === 'default') add(k, fv.fn);
            // `module.exports = { UserDAO }` with `function UserDAO(db) { this.find = ... }`.
            for (const [m, fn] of this.classes.ctorMethods(fv.fn.node)) {
              add(`${name}.${k}.${m}`, fn);
              if (name === 'default') add(`${k}.${m}`, fn);
            }
          } else if (fv?.cls) {
            for (const [m, fn] of this.classes.methods(fv.cls)) {
              add(`${name}.${k}.${m}`, fn);
              if (name === 'default') add(`${k}.${m}`, fn);
            }
          }
        }
      }
    }
    return out;
  }

  sourceText(node: { start: number; end: number }): string {
    return this.content.slice(node.start, node.end);
  }

}

const URL_PART = { shape: 'string', whole: 'no', sqlish: 'no', html: 'no' } as const;

/**
 * What the URL parser rules out in some parts of a parsed URL: a host holds no `/` or `\\` (no
 * path traversal), the origin no `<` or `>`, and the pathname is percent-encoded (`"`, `<`, `>`,
 * backquotes), so neither writes markup.
 */
const URL_PART_CLEAN = new Map<string, number>([
  ['hostname', bits('path', 'archive')],
  ['host', bits('path', 'archive')],
  ['origin', bits('html')],
  ['pathname', bits('html')],
]);

/**
 * The members of an object literal that hold request data (`flags.fields`); one filled only from
 * member `m` of a parameter is written `key=m`, so callers can tell which of theirs it carries.
 */
function taintedKeys(fields: Map<string, AV | undefined>): string[] {
  const out: string[] = [];
  for (const [k, fv] of fields) {
    if (!isTainted(fv)) continue;
    // `key=` (nothing after): the member is one parameter as it came in, with whatever members it holds.
    const from = fv.src?.length ? undefined : fv.params?.length === 1 && paramLike(fv.flags) ? '' : fv.flags.field;
    // Request data that is a string whatever the caller's other members hold.
    const text = !fv.params?.length && (fv.flags.shape === 'string' || fv.flags.shape === 'strings');
    out.push(from !== undefined && !k.includes('=') ? `${k}=${from}` : text && !k.includes('=') ? `${k}${STRING_MEMBER}` : k);
  }
  return out;
}

/**
 * A request part (`req.body`) that the route's validation middleware checked: the members its
 * schema declares as scalars are strings (no query operators, no objects), and a part replaced by
 * the parsed value holds the schema's keys only (no mass assignment).
 */
function checkedPart(v: AV, check: PartCheck, file: string): AV {
  let out: AV = v;
  if (check.allowList) out = withClean(derive(v, { whole: 'no' }), bits('mass-assignment')) ?? v;
  if (!check.scalars.size && !check.imported) return out;
  const fields = new Map<string, AV | undefined>();
  const label = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `['${k}']`);
  for (const k of check.scalars) {
    fields.set(k, { src: v.src?.map((o) => ({ ...o, label: o.label + label(k) })), params: v.params, flags: { ...flagsOf(out), shape: 'string', whole: 'no', fields: undefined }, steps: v.steps });
  }
  // A member checked by an imported schema: link decides whether that schema is a scalar.
  for (const [k, from] of check.imported ?? []) {
    const schema = { file, module: from.module, name: from.name };
    fields.set(k, { src: v.src?.map((o) => ({ ...o, label: o.label + label(k), schema })), params: v.params, flags: { ...flagsOf(out), whole: 'no', fields: undefined }, steps: v.steps });
  }
  return { ...out, fields };
}

/**
 * Member `key` read from a parameter's member `f.field` that nothing else touched yet: the dotted
 * path, up to a few levels (undefined past that, and for keys that are no identifiers).
 */
function nestedField(f: Flags, key: string): string | undefined {
  if (f.field === undefined || f.shape !== 'inherit' || f.pos !== 'inherit' || f.clean !== 0 || f.fields) return undefined;
  if (!/^[A-Za-z_$][\w$]*$/.test(key) || f.field.split('.').length >= MAX_FIELD_DEPTH) return undefined;
  return `${f.field}.${key}`;
}

/** Levels of a member path tracked per parameter (`a.b.c`). */
const MAX_FIELD_DEPTH = 4;

/** Tainted only as a record read back from the database (second order), by no request or parameter. */
function storedOnly(v: AV): boolean {
  return !v.params?.length && !!v.src?.length && v.src.every((o) => o.kind === 'stored');
}

/**
 * Another member of a stored record some of whose members the request set: still the stored data
 * it was. Stored data that only sits in a tracked member (`result.user = found` on a local object)
 * is that member's, not the object's.
 */
function storedPart(obj: AV): AV | undefined {
  if (!obj.src?.some((o) => o.kind === 'stored')) return undefined;
  const held = new Set<string>();
  for (const fv of obj.fields?.values() ?? []) for (const o of fv?.src ?? []) held.add(o.label);
  const src = obj.src.filter((o) => o.kind === 'stored' && !held.has(o.label));
  if (!src?.length) return undefined;
  return { src, flags: { ...flagsOf(obj), shape: 'any', whole: 'no', sqlish: 'no', html: 'no', fields: undefined }, steps: obj.steps };
}

function sharesInput(a: AV, b: AV | undefined): boolean {
  if (!isTainted(b)) return false;
  if (a.params?.some((p) => b.params?.includes(p))) return true;
  return !!a.src?.some((o) => b.src?.some((x) => x.label === o.label || x.label.startsWith(o.label) || o.label.startsWith(x.label)));
}
