// The contract between the generic taint engine (engine.ts) and a language: how to read the
// language's syntax tree (TaintSyntax) and what its sources, propagators, sanitisers and sinks
// are (TaintLanguage). Documented with examples in ../readme.md.
import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { Evidence, SinkKind } from '../../../model/types.js';

/** One argument of a call as written. */
export interface CallArg {
  node: SgNode;
  /** Keyword name (`shell=True` → `shell`), for languages with named arguments. */
  keyword?: string;
  /** `*args`, `**kwargs`, `xs...`: may stand for any position. */
  spread?: boolean;
}

export interface FunctionParts {
  name?: string;
  /** Parameter names in call order (for methods without the implicit receiver). */
  params: string[];
  body: SgNode | null;
  /** Python `self`/`cls` first parameter, Go receiver name: the object a method is called on. */
  receiver?: string;
}

/** How the engine reads a language's tree. Every hook gets nodes of the kinds listed beside it. */
export interface TaintSyntax {
  /**
   * Characters that belong to a variable name when written before it (PHP `$q`, Ruby `@q`);
   * default `$@`. Where `$` starts a string template instead (Kotlin `"$q"`), leave it out.
   */
  nameSigils?: string;
  /** Function definitions (named, methods, closures) the engine summarises and walks. */
  functionKinds: readonly string[];
  functionParts(fn: SgNode): FunctionParts;
  /** `functionParts(fn).name` alone, cheaper (every function's name is indexed, few are walked). */
  functionName?(fn: SgNode): string | undefined;
  /** Nodes that start a nested scope: not entered when walking a body (their own walk covers them). */
  scopeKinds: readonly string[];
  callKinds: readonly string[];
  /**
   * `name` and `receiver` are for trees with no node spanning `object.method` (Java, Ruby and PHP
   * method calls): the dotted callee text and the object node; `callee` may then be null.
   */
  callParts(call: SgNode): { callee: SgNode | null; args: CallArg[]; name?: string; receiver?: SgNode | null };
  /** Member access (`a.b`, Go selectors): object and property name. */
  memberKinds: readonly string[];
  memberParts(node: SgNode): { object: SgNode | null; property: string };
  identifierKinds: readonly string[];
  assignmentKinds: readonly string[];
  /** Targets and values of an assignment; `pairwise` when `a, b = x, y` assigns element-wise. */
  assignmentParts(node: SgNode): { targets: SgNode[]; values: SgNode[]; augmented: boolean } | undefined;
  returnKinds: readonly string[];
  /** Loops that bind variables from an iterable (`for x in xs`, `for _, v := range vs`). */
  loopKinds: readonly string[];
  loopParts(node: SgNode): { targets: SgNode[]; iterable: SgNode | null } | undefined;
  /** Kinds whose value never carries request data: comparisons, numbers, booleans, lambdas. */
  opaqueKinds: readonly string[];
  /** Statements whose body may not run (if, for, while, try, switch): assignments there merge. */
  conditionalKinds: readonly string[];
  /** The variable a target writes (`x`, `&x` → `x`, `x.f` → `x`, `x[i]` → `x`); undefined for none. */
  targetName(node: SgNode): string | undefined;
  /** Names that stand for the current object in method calls (`self`, `cls`). */
  selfNames?: readonly string[];
  /**
   * A statement that stops taint for some variables: after it (`if x not in ALLOWED: abort(400)`),
   * inside it (`within`: `if is_safe(x): redirect(x)`), or both (`within` and `after`:
   * `if is_safe(x): ... else: x = '/'`). Returns the variables and the sink kinds (all when absent).
   */
  guard?(node: SgNode): { names: string[]; kinds?: SinkKind[]; within?: boolean; after?: boolean } | undefined;
  /** Kinds `guard` is asked about (if statements). */
  guardKinds?: readonly string[];
  /**
   * String building in order (`'https://x/' + p`, f-strings, `'%s' % x`, `fmt.Sprintf`): when the
   * first part is clean the later parts cannot choose the scheme and host, so they are clean for
   * SSRF (and for redirects when the head is a path or a full URL).
   */
  concatParts?(node: SgNode): SgNode[] | undefined;
  /** Whether an expression builds a string from literals (for handlers whose returned string is the HTML response). */
  isStringBuilding?(node: SgNode): boolean;
}

/**
 * Which call sites a spec applies to. `callee` is the callee's dotted name after import aliases
 * are resolved (`subprocess.run`, `os/exec.Command`); a leading `*.` accepts any receiver
 * (`*.execute` matches `cursor.execute` and `self.db.execute`). `where`/`unless` refine by shape:
 * an ast-grep rule matched against the call node, or a predicate over the call's arguments.
 */
export interface CallMatcher {
  callee: string | readonly string[];
  where?: CallCondition;
  unless?: CallCondition;
}

export type CallCondition = NapiConfig | ((call: SgNode, args: readonly CallArg[]) => boolean);

/**
 * Which parts of a call a spec reads: positional indexes, keyword names, every argument from an
 * index on (`rest`), or the receiver (`cursor` of `cursor.execute`).
 */
export interface ArgSelector {
  positions?: readonly number[];
  keywords?: readonly string[];
  /** Every keyword argument (`'{a}'.format(a=x)`). */
  anyKeyword?: boolean;
  rest?: number;
  receiver?: boolean;
}

export interface SinkSpec extends CallMatcher {
  kind: SinkKind;
  /** Display name of the dangerous API for facts (`cursor.execute`, `os.system`). */
  api: string;
  args: ArgSelector;
  /** The receiver must not be a request object (gin `c.Query(name)` is not `db.Query`). */
  notOnRequest?: boolean;
  /** The receiver must be a request object (gin `c.Redirect`, `c.File`). */
  onlyOnRequest?: boolean;
}

/**
 * Request data. `request` tests the text after a request-object variable (`.args.get('q')` of
 * `request.args.get('q')`); `call` specs make the call's result (or an out argument) a source.
 * `markers` are substrings whose presence makes a statement worth evaluating (cheap preflight).
 */
export type SourceSpec =
  | { request: RegExp; label?: string }
  | (CallMatcher & { call: true; markers: readonly string[]; into?: ArgSelector; label?: string; onRequest?: boolean });

/** Calls that make data safe: for every sink kind, or only for `kinds`. */
export interface SanitizerSpec extends CallMatcher {
  kinds?: readonly SinkKind[];
}

/**
 * Calls whose result carries the taint of some inputs (`fmt.Sprintf`, `os.path.join`), or that
 * write it into an out argument (`json.Unmarshal(body, &v)`: `into: { positions: [1] }`).
 */
export interface PropagatorSpec extends CallMatcher {
  from: ArgSelector;
  into?: ArgSelector;
}

export interface TaintLanguage {
  /** Registered ast-grep language name. */
  lang: string;
  syntax: TaintSyntax;
  sources: readonly SourceSpec[];
  sinks: readonly SinkSpec[];
  sanitizers: readonly SanitizerSpec[];
  propagators: readonly PropagatorSpec[];
  /** A method call on a tainted receiver returns tainted data unless a spec says otherwise. */
  methodsPropagate: boolean;
  /**
   * Resolves the first segment of a dotted callee through the file's imports
   * (`sp.run` → `subprocess.run`); identity when unknown.
   */
  resolve?(dotted: string): string;
}

/** One request value reaching a sink. */
export interface SinkHit {
  kind: SinkKind;
  api: string;
  source: string;
  route?: string;
  /** The sink call. */
  node: SgNode;
  /** Name of the function holding the sink. */
  functionName: string;
  /** Source line, assignments, calls into helpers. */
  steps: Evidence[];
}
