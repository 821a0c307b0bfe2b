// Values of the JS taint interpreter. One abstract value (`AV`) describes what an expression may
// hold: request-controlled data (concrete sources or symbolic parameters of the function being
// summarised), and identity facts the interpreter needs to resolve calls (local functions, module
// references, framework objects such as the request or the response).
import type { Evidence, SinkKind } from '../../../model/types.js';
import type { Class, Expression, Function as FunctionNode, ArrowFunctionExpression } from 'oxc-parser';

export type FnNode = FunctionNode | ArrowFunctionExpression;

/** What a value is, as far as injection sinks care. `inherit`: decided by the caller's argument. */
export type Shape = 'string' | 'object' | 'strings' | 'any' | 'inherit';
// `strings`: an object or array whose members are strings (route params, headers, split()).
/** Where request data lands inside a built string (URL position for SSRF and redirects). */
export type Pos = 'prefix' | 'host' | 'path' | 'inherit';
export type Tri = 'yes' | 'no' | 'inherit';

/** Properties of tainted data that decide whether a sink is really reachable. */
export interface Flags {
  shape: Shape;
  /** The entire request container (req.body, or a spread of it): mass assignment, merges. */
  whole: Tri;
  pos: Pos;
  /** Literal text around the data looks like SQL. */
  sqlish: Tri;
  /** Literal text around the data contains an HTML tag. */
  html: Tri;
  /** Bit set of sink kinds this value was sanitised for (see `kindBit`). */
  clean: number;
  /**
   * Per-field taint of object arguments, kept in the one summary entry: `field` is the member of
   * a parameter this value was read from (`opts.templatePath`), `fields` the members of an object
   * literal that hold the taint (`{ templatePath: constant, context: req.body }` has `context`).
   * A callee's member that the caller's object literal leaves clean is not reached (`composeFlags`).
   */
  field?: string;
  fields?: string[];
  /**
   * Returned by `schema.parse(x)` / `safeParse(x).data` of a schema imported from another module:
   * a string, not an object, when that module exports a scalar schema under the name (link).
   */
  schema?: SchemaRef;
}

/** A concrete origin of untrusted data. */
export interface Origin {
  /** Human description: `req.query.q`, `socket message`, `zip entry name`. */
  label: string;
  /**
   * `request`: sent by the client. `archive`: a name inside an archive. `upload`: a server-chosen
   * path of an uploaded file: its content is the client's, so it only matters to archive sinks.
   * `stored`: a record read from the database (second order: users may have written it before),
   * which matters only where it becomes code, a template or a header. `session`: a server-side
   * session value (`req.session.user_name`), the client's only where some handler stored request
   * data under that key (decided in link, see `Condition.session`).
   */
  kind: 'request' | 'archive' | 'upload' | 'stored' | 'session';
  /**
   * Sink kinds this origin was sanitised for. The value's `flags.clean` holds what applies to all
   * of its inputs; this keeps `path.join(dir, path.basename(name))` clean for `name` alone.
   */
  clean?: number;
  /**
   * `@Body() dto: CreateNoteDto`: the class-validator DTO class the value was declared as, and the
   * first member read from it (`dto.slug`). Link clears the kinds that member's validators rule out
   * when a ValidationPipe runs (taint-dto.ts).
   */
  dto?: string;
  dtoField?: string;
  /**
   * A request member the route's validation middleware checked with a schema imported from another
   * module (`resourceId: idSchema`): no operator injection when that module exports a scalar schema
   * under the name (decided in link, see `Condition.schema`).
   */
  schema?: SchemaRef;
}

/** An imported schema: the importing file, the specifier as written there, and the export name. */
export interface SchemaRef {
  file: string;
  module: string;
  name: string;
}

export type Role = 'request' | 'response' | 'ctx' | 'event' | 'this' | 'session';

/** A reference into a module: `child_process` + [`exec`], or an instance created from it. */
export interface ModRef {
  module: string;
  path: string[];
  /** Created with `new` or a factory call (a client, a pool, a zip file...). */
  instance?: boolean;
}

export interface FnRef {
  node: FnNode;
  /** Scope the function was defined in (closures see it). */
  scope: unknown;
  /** Display name for keys and messages. */
  name: string;
  /** Class the function is a method of, for `this.x` resolution. */
  cls?: ClassRef;
}

export interface ClassRef {
  node: Class;
  name: string;
  scope: unknown;
}

export interface AV {
  src?: Origin[];
  /** Global ids of symbolic parameters (owner id * 64 + index). */
  params?: number[];
  flags?: Flags;
  steps?: Evidence[];
  /** Known object shape (object literals), field name → value. */
  fields?: Map<string, AV | undefined>;
  fn?: FnRef;
  cls?: ClassRef;
  role?: Role;
  /** How a framework object is called in the code (`req`, `ctx.request`), for source labels. */
  name?: string;
  mod?: ModRef;
  /** Literal regular expression source, for ReDoS checks. */
  regex?: string;
  /** Constant string value. */
  text?: string;
  /** A bound `this` of a class instance, for method resolution. */
  thisOf?: ClassRef;
  /**
   * A parsed `new URL(...)`: some of its parts cannot hold some characters (see `URL_PART_CLEAN`);
   * `legacy`: parsed by `url.parse`, whose host holds no quote or markup character either.
   */
  url?: boolean | 'legacy';
  /** The parsed URL's input as a guard key (`url` in `new URL(url)`): a check on its host vouches for it. */
  urlOf?: string;
  /** This is the host of the URL held in `hostOf` (a guard key): checking it vouches for that URL. */
  hostOf?: string;
  /**
   * Built by `path.resolve/normalize/join(..., x)` from the value held in `pathOf` (a guard key):
   * a containment check on this copy (`resolved.startsWith(root)`) vouches for that value too.
   */
  pathOf?: string;
  /**
   * The result of a lookup in a server-owned list (`plugins.find((p) => p.name === name)`): the
   * values compared with an entry, which a truthy result vouches for.
   */
  found?: Expression[];
  /** An error a validator returned (`yauzl.validateFileName(name)`): when it is empty, these values passed (paths). */
  errorOf?: Expression[];
  /** The kinds an empty error vouches for (paths when unset; `ssrf` for a URL validator's error). */
  errorClean?: number;
  /**
   * A built string: where each symbolic parameter first lands in it, when that differs from the
   * string's own position (`${base}${path}` puts parameter `path` in the path).
   */
  paramPos?: Record<number, Pos>;
  /**
   * A URL of the server itself (a loopback host) with request data only in its path or query: the
   * fixed path before the data (`http://localhost:${port}/ticket?name=${q}` → `/ticket`). A headless
   * browser loading it renders whatever that page prints of the data.
   */
  selfPage?: string;
  /**
   * `Object.entries(x)`: a list of `[key, value]` pairs whose keys hold `keys` (undefined: names the
   * code wrote, as in an object literal). Its elements carry the same as `pair` (see taint-keys.ts).
   */
  entries?: { keys: AV | undefined };
  /** An element of `entries`: its first item (`[key, value]`, `entry[0]`) holds `key`. */
  pair?: { key: AV | undefined };
}

export const SINK_KINDS: readonly SinkKind[] = [
  'sql',
  'nosql',
  'command',
  'code-eval',
  'path',
  'deserialize',
  'template',
  'redirect',
  'xml',
  'ssrf',
  'log',
  'html',
  'regex',
  'merge',
  'mass-assignment',
  'archive',
  'header',
  'xpath',
  'ldap',
  'xml-injection',
];

/** Each kind's bit, by position in SINK_KINDS (asked for every sink check: no list scan). */
const KIND_BITS = new Map<string, number>(SINK_KINDS.map((k, i) => [k, 1 << i]));

export function kindBit(kind: SinkKind): number {
  return KIND_BITS.get(kind) ?? 1 << -1;
}

export function bits(...kinds: SinkKind[]): number {
  let b = 0;
  for (const k of kinds) b |= kindBit(k);
  return b;
}

export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;

export const DEFAULT_FLAGS: Flags = { shape: 'any', whole: 'no', pos: 'prefix', sqlish: 'no', html: 'no', clean: 0 };
export const PARAM_FLAGS: Flags = {
  shape: 'inherit',
  whole: 'inherit',
  pos: 'inherit',
  sqlish: 'inherit',
  html: 'inherit',
  clean: 0,
};

/**
 * What makes a sink a finding beyond the data reaching it, decided by the link step: a package
 * version below a bound (`js-yaml` before 4), or a rendered view that outputs the field unescaped
 * (raw template syntax, or autoescaping switched off for the engine).
 */
export interface Condition {
  pkg?: string;
  below?: string;
  /** With `pkg`: also a finding when no manifest names a version (the call alone is the risk). */
  unknownVersion?: boolean;
  /** `res.render(view, { field })`: the view name and the local it receives. */
  view?: string;
  field?: string;
  /**
   * A sink judged by the method name of a call into the repository's own module: dropped when that
   * module defines the function (its summary then decides).
   */
  unlessDefined?: CallTarget;
  /** A session value (`req.session.<key>`): a finding when a handler stores request data there. */
  session?: string;
  /** A member of a validated DTO (`Origin.dto`): no finding when its validators rule the sink's kind out. */
  dto?: { type: string; field: string };
  /** Operator injection from a member checked by an imported schema (`Origin.schema`): none when that schema is a scalar. */
  schema?: SchemaRef;
}

/** Extra condition a sink needs from the value, checked on concrete flags. */
export type Need = 'sqlish' | 'htmlish' | 'object';

// ---------------------------------------------------------------------------------------------
// Summaries: serialisable, so they can travel as internal facts to the cross-file link step.
// ---------------------------------------------------------------------------------------------

export interface SinkEntry {
  /** Parameter index of the summarised function that reaches the sink. */
  param: number;
  sink: SinkKind;
  api: string;
  flags: Flags;
  need?: Need;
  /** A write to the file system: archive entry names reaching it are zip slip. */
  write?: boolean;
  evidence: Evidence;
  steps: Evidence[];
  /** Enclosing function of the sink (for keys). */
  fn: string;
  /** Only a finding when a condition the link step can check holds. */
  condition?: Condition;
}

/** A call target in another module, resolved by the link step. */
export interface CallTarget {
  /** Import specifier as written (`./users.service`). */
  module: string;
  /** Export name, possibly `Class.method` or `default.method`. */
  name: string;
}

export interface CallEntry {
  param: number;
  target: CallTarget;
  arg: number;
  flags: Flags;
  evidence: Evidence;
  steps: Evidence[];
}

export interface FnSummary {
  sinks: SinkEntry[];
  calls: CallEntry[];
  /** Return value, in terms of the function's own parameters and concrete sources. */
  ret?: { params: number[]; flags: Flags; src?: Origin[] };
}

/** A value that holds request data (every producer of taint also sets flags). */
export type TaintedAV = AV & { flags: Flags };

export function isTainted(v: AV | undefined): v is TaintedAV {
  return !!v && ((v.src !== undefined && v.src.length > 0) || (v.params !== undefined && v.params.length > 0));
}
