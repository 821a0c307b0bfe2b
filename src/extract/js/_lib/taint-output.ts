// What the taint analyser of one file hands on: sink facts, the internal records the cross-file
// link step needs (summaries, calls into other modules, returned values), and how functions are
// analysed (modes).
import type { Evidence, SinkKind } from '../../../model/types.js';
import { type AstNode, calleeName, childNodes, isFunctionLike, walk } from './ast.js';
import type { JsProgram, ParsedJs } from './parse.js';
import type { RequestChecks } from './taint-route-schemas.js';
import type { AV, CallEntry, CallTarget, Condition, Flags, FnSummary, Origin, SinkEntry } from './taint-types.js';

export type Mode =
  | { kind: 'symbolic' }
  | {
      kind: 'handler';
      route?: string;
      lambda?: boolean;
      /** Request parts its validation middleware checked. */
      checks?: RequestChecks;
      /** `this` is the request context (Restivus endpoints: `this.bodyParams`, `this.urlParams`). */
      thisRequest?: boolean;
      /** The first parameter holds the path's parameters, the request and response follow (Picker: `(params, req, res)`). */
      pathParams?: boolean;
    }
  | { kind: 'nest'; route?: string; htmlReturn?: boolean }
  | { kind: 'socket'; event: string }
  | { kind: 'graphql'; route: string; /** Index of the args parameter: 1 for Apollo `(parent, args)`, 0 for a schema-first `rootValue`. */ args?: number }
  | { kind: 'action' }
  /** A Feathers service method (`find`, `create`, a custom method) or a hook (`hook`), see taint-feathers.ts. */
  | { kind: 'feathers'; method: string }
  | { kind: 'inline'; params: (AV | undefined)[] };

export interface SinkOut {
  kind: 'sink';
  sink: SinkKind;
  api: string;
  tainted: true;
  source: string;
  route?: string;
  path?: Evidence[];
  evidence: Evidence;
  key: string;
  /** What the code does with the result of a database lookup (nosql sinks), when known. */
  resultUse?: LookupUse;
}

/** A call with concrete request data into a function of another module. */
export interface PendingCall {
  target: CallTarget;
  arg: number;
  src: Origin[];
  flags: Flags;
  steps: Evidence[];
  route?: string;
}

export interface Reexport {
  spec: string;
  /** exported name → imported name; undefined for `export *`. */
  names?: Record<string, string>;
}

/**
 * The result of a call into another module, used by sinks here. The link step finds whether the
 * callee returns (part of) an argument; if so the request data of that argument reaches the sinks.
 */
export interface ReturnUse {
  target: CallTarget;
  /** Request data passed to the call, per argument index. */
  args: { arg: number; src: Origin[]; flags: Flags; steps: Evidence[] }[];
  route?: string;
  call: Evidence;
  /** Sinks and onward calls the returned value reaches (param 0 = the returned value). */
  sinks: SinkEntry[];
  calls: CallEntry[];
}

export interface FileTaint {
  sinks: SinkOut[];
  returns: ReturnUse[];
  conditional: ({ sink: SinkOut } & Condition)[];
  exports: Record<string, FnSummary>;
  reexports: Reexport[];
  pending: PendingCall[];
  /** The file installs a global request sanitiser (express-mongo-sanitize). */
  mongoSanitize: boolean;
  /** Every exported function name, with a summary or not (see `Condition.unlessDefined`). */
  defined?: string[];
  /** Session keys this file stores request data under. */
  sessionWrites?: SessionWrite[];
}

export interface EngineOptions {
  file: string;
  content: string;
  parsed: ParsedJs;
  /** Route of an exported function in file-based routers (Next.js), e.g. `GET /api/users`. */
  exportRoute?: (exportName: string) => string | undefined;
  /** `'use server'` module: exported functions are callable by any client. */
  serverActions?: boolean;
  /** Route the file's h3 handler serves (Nitro file routes: `server/api/users/[id].get.ts` is `GET /api/users/:id`). */
  fileRoute?: string;
  /** A Feathers module: service methods and hook functions receive client data (taint-feathers.ts). */
  feathers?: boolean;
}

/** The sink kind a value of this origin makes of a hit (archive names only matter to writes). */
export function kindFor(origin: Origin, kind: SinkKind, write: boolean | undefined): SinkKind | undefined {
  if (origin.kind === 'request') return kind;
  if (origin.kind === 'stored') return STORED_SINKS.has(kind) ? kind : undefined;
  if (origin.kind === 'session') return SESSION_SINKS.has(kind) ? kind : undefined;
  if (origin.kind === 'archive') return write || kind === 'archive' ? 'archive' : undefined;
  return kind === 'archive' ? 'archive' : undefined;
}

/** Sinks where data read back from storage (second order) is still worth a (low-confidence) finding. */
const STORED_SINKS = new Set<SinkKind>(['code-eval', 'template', 'command', 'header']);

/**
 * Sinks where a session value that holds request data is a finding: queries and code, where the
 * stored text runs again on every later request. Markup and logs of it only reach the same user.
 */
const SESSION_SINKS = new Set<SinkKind>(['sql', 'nosql', 'command', 'code-eval', 'template', 'deserialize']);

/** The session key a `session` origin reads (`req.session.user_name.x` → `user_name`; Moleculer's `ctx.meta.lang` → `meta.lang`). */
export function sessionKey(origin: Origin): string | undefined {
  const m = /\.(session|meta)\.([A-Za-z_$][\w$]*)/.exec(origin.label);
  return m ? (m[1] === 'meta' ? `meta.${m[2]}` : m[2]) : undefined;
}

/**
 * Origins with session values last: a sink names its first source, and a session value is only a
 * candidate (the link step may drop it), so a concrete source on the same value must come first.
 */
export function sessionLast(src: Origin[] | undefined): Origin[] {
  if (!src?.length || !src.some((o) => o.kind === 'session')) return src ?? [];
  return [...src.filter((o) => o.kind !== 'session'), ...src.filter((o) => o.kind === 'session')];
}

/**
 * The member read from a session value (`req.session.user._id` → `_id`), when the label names one:
 * a record stored whole holds request data only in the members the request filled (see
 * `SessionWrite.fields`).
 */
export function sessionMember(label: string): string | undefined {
  return /\.(?:session|meta)\.[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)/.exec(label)?.[1];
}

/** Request data stored in the session under `key` (`req.session.user_name = req.body.username`). */
export interface SessionWrite {
  key: string;
  source: string;
  evidence: Evidence;
  /**
   * The members that hold request data when the stored value is a record with named members set
   * from the request (`user.url = req.body.url; req.session.user = user.toObject()`): its `_id`
   * and other members are the server's. Absent: the whole value may be the client's.
   */
  fields?: string[];
}

/** Label prefix of second-order sources (data read from the database). */
export const STORED_SOURCE = 'stored data from ';

const SECRET_ASSIGN = /((?:password|passwd|secret|token|api[_-]?key|private[_-]?key)\s*[:=]\s*['"`])[^'"`]{4,}(['"`])/gi;
const LONG_TOKEN = /\b[A-Za-z0-9+/_-]{32,}={0,2}\b/g;

/** Masks secret-looking literals in evidence snippets. */
export function redact(line: string): string {
  if (line.length < 12) return line;
  return line.replace(SECRET_ASSIGN, '$1****$2').replace(LONG_TOKEN, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? `${m.slice(0, 4)}****` : m));
}

/**
 * What the code does with the result of a database lookup whose filter the client controls:
 * `password-checked` when the found record still has to pass a password comparison
 * (`user.matchPassword(pw)`, `bcrypt.compare(pw, user.password)`), `existence` when the result only
 * feeds a yes/no test (`if (user)`, `exists.length === 0`, `!!found`). Undefined otherwise: the
 * record is returned, used to authorise, or the analysis cannot tell.
 */
export type LookupUse = 'password-checked' | 'existence';

/** Query-builder calls that still yield the lookup's result (`User.findOne(q).select('+password')`). */
const QUERY_CHAIN = new Set(['exec', 'lean', 'select', 'populate', 'sort', 'limit', 'skip', 'collation', 'session', 'toArray', 'hint', 'maxTimeMS']);
/** Model methods that compare a password against the record (mongoose methods, passport-local-mongoose). */
const PASSWORD_METHOD = /password|^authenticate$|^(?:compare|verify)(?:Hash|Secret)?$/i;
/** Record fields holding a password or its hash. */
const PASSWORD_FIELD = /pass|hash|pwd/i;
/** Library calls that compare a password with a stored hash (bcrypt, argon2, scrypt helpers). */
const COMPARE_CALL = /(?:^|\.)(?:compare|compareSync|verify|verifySync|timingSafeEqual)$|password/i;
const WRAPPER_TYPES = new Set(['AwaitExpression', 'ParenthesizedExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ChainExpression']);

type Loose = Record<string, unknown>;

function field(node: AstNode | undefined, key: string): AstNode | undefined {
  const value = node ? (node as unknown as Loose)[key] : undefined;
  return typeof value === 'object' && value !== null && typeof (value as Loose).type === 'string' ? (value as AstNode) : undefined;
}

function nameOf(node: AstNode | undefined): string | undefined {
  return node?.type === 'Identifier' ? node.name : undefined;
}

/** Nodes from the program down to the call at [start, end), or undefined when none is there. */
function pathTo(program: JsProgram, call: { start: number; end: number }): AstNode[] | undefined {
  const path: AstNode[] = [program as unknown as AstNode];
  for (;;) {
    const node = path[path.length - 1];
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && node.start === call.start && node.end === call.end) return path;
    const next = childNodes(node).find((c) => c.start <= call.start && c.end >= call.end);
    if (!next) return undefined;
    path.push(next);
  }
}

/** The lookup's result as a binding: a variable, an assigned name, or a callback parameter. */
interface ResultBinding {
  name: string;
  scope: AstNode;
  after: number;
}

/**
 * `resultUse` of the lookup call at `call` (a CallExpression span) in `program`: see LookupUse.
 * Called for nosql sinks only, so the whole-program descent runs a few times per file.
 */
export function lookupUse(program: JsProgram, call: { start: number; end: number }): LookupUse | undefined {
  const path = pathTo(program, call);
  if (!path) return undefined;
  let i = path.length - 1;
  let cur = path[i];
  // Through await, parentheses and query-builder chains to the expression that holds the result.
  for (;;) {
    const parent = path[i - 1];
    const grand = path[i - 2];
    if (parent && WRAPPER_TYPES.has(parent.type)) {
      cur = parent;
      i--;
      continue;
    }
    const prop = parent?.type === 'MemberExpression' && field(parent, 'object') === cur ? nameOf(field(parent, 'property')) : undefined;
    if (prop && grand?.type === 'CallExpression' && field(grand, 'callee') === parent && QUERY_CHAIN.has(prop)) {
      cur = grand;
      i -= 2;
      continue;
    }
    // `.then((user) => ...)`: the callback's first parameter is the result.
    if (prop === 'then' && grand?.type === 'CallExpression') return useOfBinding(callbackBinding(grand, 0));
    break;
  }
  const parent = path[i - 1];
  const scope = path.slice(0, i).reverse().find((n) => isFunctionLike(n)) ?? path[0];
  if (parent?.type === 'VariableDeclarator' && field(parent, 'init') === cur && nameOf(field(parent, 'id'))) {
    return useOfBinding({ name: nameOf(field(parent, 'id'))!, scope, after: cur.end });
  }
  if (parent?.type === 'AssignmentExpression' && field(parent, 'right') === cur && nameOf(field(parent, 'left'))) {
    return useOfBinding({ name: nameOf(field(parent, 'left'))!, scope, after: cur.end });
  }
  // Node-style callback `Model.findOne(q, (err, user) => ...)`.
  const original = path[path.length - 1];
  const callback = callbackBinding(original, 1);
  if (callback) return useOfBinding(callback);
  const parents = new Map<AstNode, AstNode>();
  for (let k = 1; k <= i; k++) parents.set(path[k], path[k - 1]);
  return isYesNo(cur, parents) ? 'existence' : undefined;
}

/** The `index`th parameter of the last function argument of a call. */
function callbackBinding(call: AstNode, index: number): ResultBinding | undefined {
  const args = (call as unknown as Loose).arguments;
  if (!Array.isArray(args) || args.length === 0) return undefined;
  const fn = args[args.length - 1] as AstNode;
  if (!isFunctionLike(fn)) return undefined;
  const name = nameOf(fn.params[index] as AstNode | undefined);
  return name ? { name, scope: fn, after: fn.params[index].end } : undefined;
}

/** How the binding is used after the lookup, within its function. */
function useOfBinding(binding: ResultBinding | undefined): LookupUse | undefined {
  if (!binding) return undefined;
  const parents = new Map<AstNode, AstNode>();
  const refs: AstNode[] = [];
  walk(binding.scope, (node, parent) => {
    if (parent) parents.set(node, parent);
    if (node.type === 'Identifier' && node.name === binding.name && node.start >= binding.after) refs.push(node);
  });
  let existence = 0;
  for (const ref of refs) {
    const parent = parents.get(ref);
    // A property key or a member name (`x.user`) is not a use of the binding.
    if (parent?.type === 'MemberExpression' && field(parent, 'property') === ref && !(parent as unknown as Loose).computed) continue;
    if (parent?.type === 'Property' && field(parent, 'key') === ref && !(parent as unknown as Loose).shorthand) continue;
    if (comparesPassword(ref, parents)) return 'password-checked';
    if (isYesNo(ref, parents) || (plainMember(ref, parent) && isYesNo(parent!, parents))) existence++;
    else if (!(plainMember(ref, parent) && inRejection(ref, binding, parents))) return undefined;
  }
  return refs.length > 0 && existence > 0 ? 'existence' : undefined;
}

/** `found.length`, `obj.username`: a member read of the record that is no secret of it. */
function plainMember(ref: AstNode, parent: AstNode | undefined): boolean {
  if (parent?.type !== 'MemberExpression' || field(parent, 'object') !== ref || (parent as unknown as Loose).computed) return false;
  const prop = nameOf(field(parent, 'property'));
  return prop !== undefined && !PASSWORD_FIELD.test(prop) && !/token|secret|key|salt/i.test(prop);
}

/**
 * Inside the branch that refuses the request because the record exists: an `if` testing the
 * binding whose block throws or answers with a 4xx status and leaves (`if (obj) { res.status(409)
 * .send('User ' + obj.username + ' already exists'); return; }`). The record only names itself in
 * the refusal; a branch that goes on to use it (a session, a token) is no refusal.
 */
function inRejection(ref: AstNode, binding: ResultBinding, parents: Map<AstNode, AstNode>): boolean {
  for (let cur = parents.get(ref), child: AstNode = ref; cur && cur !== binding.scope; child = cur, cur = parents.get(cur)) {
    if (cur.type !== 'IfStatement' || field(cur, 'consequent') !== child) continue;
    const test = field(cur, 'test');
    let testsBinding = false;
    if (test) walk(test, (n) => void (n.type === 'Identifier' && n.name === binding.name && (testsBinding = true)));
    if (!testsBinding) continue;
    let refuses = false;
    let leaves = false;
    walk(child, (n) => {
      if (n.type === 'ThrowStatement') refuses = leaves = true;
      else if (n.type === 'ReturnStatement') leaves = true;
      else if (n.type === 'Literal' && typeof n.value === 'number' && n.value >= 400 && n.value < 500) refuses = true;
    });
    if (refuses && leaves) return true;
  }
  return false;
}

/** `user.matchPassword(pw)`, or `bcrypt.compare(pw, user.password)`. */
function comparesPassword(ref: AstNode, parents: Map<AstNode, AstNode>): boolean {
  const member = parents.get(ref);
  if (member?.type !== 'MemberExpression' || field(member, 'object') !== ref) return false;
  const prop = nameOf(field(member, 'property'));
  const outer = parents.get(member);
  if (!prop || outer?.type !== 'CallExpression') return false;
  if (field(outer, 'callee') === member) return PASSWORD_METHOD.test(prop);
  return PASSWORD_FIELD.test(prop) && COMPARE_CALL.test(calleeName(outer) ?? '');
}

/**
 * The value only answers yes or no: the test of an `if`/`?:`/loop, negated (`!user`), compared with
 * null, undefined or a number (`found.length === 0`), or cast with Boolean().
 */
function isYesNo(node: AstNode, parents: Map<AstNode, AstNode>): boolean {
  let cur = node;
  for (let depth = 0; depth < 6; depth++) {
    const parent = parents.get(cur);
    if (!parent) return false;
    switch (parent.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return field(parent, 'test') === cur;
      case 'UnaryExpression':
        if (parent.operator === '!') return true;
        return false;
      case 'BinaryExpression': {
        const other = field(parent, 'left') === cur ? field(parent, 'right') : field(parent, 'left');
        return /^[!=]==?$|^[<>]=?$/.test(parent.operator) && isEmptyValue(other);
      }
      case 'CallExpression':
        return calleeName(parent) === 'Boolean';
      case 'LogicalExpression':
      case 'ParenthesizedExpression':
        cur = parent;
        continue;
      default:
        return false;
    }
  }
  return false;
}

function isEmptyValue(node: AstNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'Literal') return node.value === null || typeof node.value === 'number';
  return node.type === 'Identifier' && node.name === 'undefined';
}
