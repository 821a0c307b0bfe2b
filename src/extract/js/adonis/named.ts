// Named middleware judged by its file: start/kernel.ts registers each name with its class (v6
// `router.named({ auth: () => import('#middleware/auth_middleware') })`, v5
// `Server.middleware.registerNamed({ auth: () => import('App/Middleware/Auth') })`), and the class's
// `handle(ctx, next)` is judged by the shared guard classifier. At link, a route's middleware of that
// name takes the file's verdict; the name decides only where the file gave none (a body that delegates
// to the auth package, `ctx.auth.authenticateUsing(...)`, or a file not in the repository).
import type { Fact, FactInput } from '../../../model/types.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import { passesWithoutCredential } from '../_lib/routes-guard-optional.js';
import { decodeMeta, encodeMeta, fileNoExt, ROUTE_TAG, type MwRef, type MwRole } from '../_lib/routes.js';
import { memberPath, propertyKey, unwrap, unwrapAwait, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { importedMiddlewareSpec } from './middleware.js';
import { moduleTarget } from './routes.js';

export const NAMED_MIDDLEWARE = 'adonis-named-middleware';
export const MIDDLEWARE_VERDICT = 'adonis-middleware-verdict';

/** `router.named({...})` (v6), `Server.middleware.registerNamed({...})` (v5): name → the class's file. */
export function scanNamed(index: JsIndex, names: ReadonlySet<string>): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    if (!path || !names.has(path[0])) continue;
    const named = (path.length === 2 && path[1] === 'named') || (path.length === 3 && path[1] === 'middleware' && path[2] === 'registerNamed');
    const obj = unwrap(call.arguments[0] as AstNode | undefined);
    if (!named || obj?.type !== 'ObjectExpression') continue;
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      const name = propertyKey(p as AstNode);
      const spec = importedMiddlewareSpec(p.value as AstNode, index);
      const target = spec ? moduleTarget(spec, index.file) : undefined;
      if (!name || !target) continue;
      out.push({ kind: 'config', setting: NAMED_MIDDLEWARE, values: { name, target }, evidence: index.evidence(p as AstNode), key: `${index.file}#${NAMED_MIDDLEWARE}:${name}` });
    }
  }
  return out;
}

/** A middleware class's `handle(ctx, next)` method and its function. */
export function handleOf(cls: Class): { handle?: AstNode; fn?: FunctionLike } {
  const handle = cls.body.body.find((m) => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === 'handle');
  return handle?.type === 'MethodDefinition' ? { handle: handle as AstNode, fn: handle.value as FunctionLike } : {};
}

/** The verdict of a middleware class's `handle`: a guard level, `optional` (passes requests without a credential) or nothing. */
export function middlewareVerdict(index: JsIndex, cls: Class): FactInput[] {
  const { handle, fn } = handleOf(cls);
  if (!fn?.body) return [];
  const optional = passesWithoutCredential(fn) || passesWhenAbsent(fn, index);
  const v = optional ? undefined : classifyGuard(fn, index);
  const level = optional ? 'optional' : v?.level;
  if (!level) return [];
  const why = v ? v.why : 'lets requests without a credential through';
  return [{ kind: 'config', setting: MIDDLEWARE_VERDICT, values: { file: fileNoExt(index.file), level, why, mechanism: v?.mechanism ?? null }, evidence: index.evidence(handle as AstNode), key: `${index.file}#${MIDDLEWARE_VERDICT}` }];
}

/** A request read of the Adonis context: `request.header('authorization')`, `ctx.request.cookie('t')`, `request.input('key')`. */
const REQUEST_READ = /^(ctx\.)?request\.(header|headers|cookie|encryptedCookie|plainCookie|input|qs|all)\b/;

/**
 * The first `if` of `handle(ctx, next)` hands the request on when a credential read from the request
 * is absent (`const token = request.header('authorization'); if (!token) return next()`): whatever is
 * checked after it, a request without the credential passes.
 */
function passesWhenAbsent(fn: FunctionLike, index: JsIndex): boolean {
  const next = unwrap(fn.params[1] as AstNode | undefined);
  const body = fn.body as AstNode | null;
  if (next?.type !== 'Identifier' || body?.type !== 'BlockStatement') return false;
  const read = (n: AstNode): boolean => {
    const u = unwrapAwait(n);
    if (!u) return false;
    if (REQUEST_READ.test(index.text(u))) return true;
    const init = u.type === 'Identifier' ? index.initAt(u.name, u) : undefined;
    return !!init && REQUEST_READ.test(index.text(unwrapAwait(init) ?? init));
  };
  const stmt = (body.body as AstNode[]).find((s) => s.type === 'IfStatement');
  if (stmt?.type !== 'IfStatement') return false;
  const test = unwrap(stmt.test as AstNode);
  if (test.type !== 'UnaryExpression' || test.operator !== '!' || !read(test.argument as AstNode)) return false;
  const cons = stmt.consequent as AstNode;
  const stmts = cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons];
  return stmts.some((st) => {
    const e = st.type === 'ExpressionStatement' ? unwrapAwait(st.expression as AstNode) : st.type === 'ReturnStatement' ? unwrapAwait((st as { argument?: AstNode }).argument) : undefined;
    return e?.type === 'CallExpression' && unwrap(e.callee as AstNode).type === 'Identifier' && (unwrap(e.callee as AstNode) as { name: string }).name === next.name;
  });
}

/** The kernel name a route's middleware is used by: `middleware.auth({...})` (v6), `'auth:api'` (v5). */
function registeredName(ref: MwRef): string | undefined {
  return /^(?:[\w$]+\.)+([\w$]+)\s*\(/.exec(ref.name)?.[1] ?? /^([\w$]+)(?::.*)?$/.exec(ref.name)?.[1];
}

const GUARD_ROLES = new Set<MwRole>(['auth-user', 'auth-admin', 'auth-role']);

/** The role a file's verdict gives a middleware the name judged `ref.role`. */
function judged(ref: MwRef, level: string, why: string, file: string): MwRef {
  const by = `${ref.name}: handle in ${file} (${why})`;
  switch (level) {
    case 'admin':
      return { ...ref, role: 'auth-admin', why: by };
    // A role check whose roles come from the use site (`acl:admin`): the name's reading of them stands.
    case 'role':
      return { ...ref, role: ref.role === 'auth-admin' ? 'auth-admin' : 'auth-role', why: by };
    case 'user':
      return { ...ref, role: ref.role === 'auth-admin' || ref.role === 'auth-role' ? ref.role : 'auth-user', why: by };
    // Rejects after a helper whose body is elsewhere: a name saying what it is stays the better guess.
    case 'unknown':
      return GUARD_ROLES.has(ref.role ?? 'other') ? ref : { ...ref, role: 'auth-unknown', why: by };
    case 'optional':
      return { ...ref, role: 'auth-optional', why: by };
    default:
      return ref;
  }
}

/** Rewrites the middleware of Adonis routes by the verdicts of their named middleware files; drops the records. */
export function linkNamed(facts: Fact[]): Fact[] {
  const targets = new Map<string, string>();
  const verdicts = new Map<string, { level: string; why: string; file: string }>();
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === NAMED_MIDDLEWARE) targets.set(`${rootOf(f.evidence.file)}|${String(f.values.name)}`, String(f.values.target));
    else if (f.setting === MIDDLEWARE_VERDICT) verdicts.set(String(f.values.file), { level: String(f.values.level), why: String(f.values.why), file: f.evidence.file });
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === NAMED_MIDDLEWARE || f.setting === MIDDLEWARE_VERDICT)) continue;
    const meta = f.kind === 'entrypoint' && f.framework === 'adonis' && targets.size > 0 ? decodeMeta(f.tags) : undefined;
    if (!meta || f.kind !== 'entrypoint') {
      out.push(f);
      continue;
    }
    let changed = false;
    const mw = meta.mw.map((ref) => {
      const name = registeredName(ref);
      const target = name ? targets.get(`${rootOf(f.evidence.file)}|${name}`) : undefined;
      const v = target ? verdicts.get(target) : undefined;
      if (!v) return ref;
      const next = judged(ref, v.level, v.why, v.file);
      if (next !== ref) changed = true;
      return next;
    });
    if (!changed) {
      out.push(f);
      continue;
    }
    const tag = encodeMeta({ ...meta, mw });
    out.push({ ...f, tags: (f.tags ?? []).map((t) => (t.startsWith(ROUTE_TAG) ? tag : t)) });
  }
  return out;
}

/** The application a file belongs to: the folder holding its `start/` or `app/`. */
function rootOf(file: string): string {
  return /^(.*?)(?:^|\/)(?:start|app)\//.exec(file)?.[1] ?? '';
}
