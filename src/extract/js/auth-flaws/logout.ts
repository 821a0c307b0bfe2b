// Logout handlers and whether they end anything on the server. A handler that destroys or
// regenerates the session, clears the session's user, calls passport's logout, or hands the
// request to anything named for ending, revoking or deleting (a service's `logout`, a store's
// `destroy`, `invalidateSessions`) ends it; one that only clears a cookie, answers or redirects
// leaves the session (or refresh token) valid for whoever copied it (CWE-613). The rule decides
// whether the app keeps server-side state that matters.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, memberPath, propertyKey, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Route paths and handler names of a logout. */
export const LOGOUT_PATH = /(^|[/_-])(log[-_]?out|sign[-_]?out)([/_.-]|$)/i;
const LOGOUT_NAME = /^((handle|do|user|account|session|auth|display|process)_?)?(log_?out|sign_?out)(_?(page|handler|route|action|user|controller))?$/i;
/** Calls that end server-side state (or hand the request to code that may). */
const ENDS = /^(destroy|regenerate|logout|logOut|signOut|signout|revoke\w*|invalidate\w*|delete\w*|remove\w*|del|unset|expire\w*|blacklist\w*|denylist\w*|blocklist\w*|kill\w*|end\w*Session\w*|clearSession\w*|terminate\w*|.*Logout|.*LogOut|.*SignOut|.*Signout)$/;
/** Calls on the response that touch only the client: clearing a cookie, answering, redirecting. */
const CLIENT_ONLY = /^(clearCookie|cookie|setCookie|clearCookies|deleteCookie|redirect|send|json|end|status|sendStatus|render|header|set|setHeader|type|code|text|html|body|writeHead|write|next|then|catch|log|info|debug|warn|error|get|parse|stringify)$/;

export function logoutFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<FunctionLike>();
  const consider = (fn: FunctionLike | undefined, how: string) => {
    if (!fn?.body || seen.has(fn)) return;
    seen.add(fn);
    const verdict = judge(fn, index);
    // A Nest method's span starts at its decorators, where the route is registered.
    const holder = index.parent(fn);
    const evidence = { ...index.evidence(holder?.type === 'MethodDefinition' ? holder : fn), endLine: index.parsed.lineAt(fn.end) };
    out.push({
      kind: 'config',
      setting: 'logout-handler',
      values: { ends: verdict.ends, clearsCookie: verdict.clearsCookie, how, ...(verdict.by ? { by: verdict.by } : {}) },
      summary: verdict.ends ? `logout ends server state by ${verdict.by}` : `logout ${verdict.clearsCookie ? 'only clears a cookie' : 'ends nothing on the server'}`,
      evidence,
      key: `${index.file}#config:logout-handler:${index.functionName(fn) ?? index.enclosingFunctionName(fn)}`,
    });
  };
  // Handlers registered on a logout path: `router.get('/logout', h)`, `.post('/signout', async (c) => …)`.
  for (const call of index.nodesOf('CallExpression')) {
    const first = call.arguments[0];
    if (!first || (first.type !== 'Literal' && first.type !== 'TemplateLiteral') || call.arguments.length < 2) continue;
    const path = stringValue(first as AstNode, index);
    if (!path || path.length > 80 || !LOGOUT_PATH.test(path) || call.arguments.length < 2) continue;
    const last = unwrap(call.arguments[call.arguments.length - 1] as AstNode);
    consider(isFunctionLike(last) ? last : last.type === 'Identifier' ? index.functionByName(last.name) : undefined, 'route');
  }
  // Handlers named for it (controllers registered elsewhere), and Nest methods under @Get('logout').
  for (const type of ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'] as const) {
    for (const fn of index.nodesOf(type)) {
      const name = nameOf(fn, index);
      if (name && LOGOUT_NAME.test(name)) consider(fn, 'name');
      else if (decoratedPath(fn, index)) consider(fn, 'decorator');
    }
  }
  return out;
}

/** The bare name a function is declared or assigned under: `logout`, `this.displayLogoutPage = …`, `exports.logout = …`, a method key. */
function nameOf(fn: FunctionLike, index: JsIndex): string | undefined {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  const p = index.parent(fn);
  if (!p) return undefined;
  if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
  if (p.type === 'AssignmentExpression') return memberPath(p.left as AstNode)?.pop();
  if (p.type === 'Property' || p.type === 'MethodDefinition' || p.type === 'PropertyDefinition') return propertyKey(p as AstNode);
  return undefined;
}

/** A class method under `@Get('logout')` / `@Post('auth/signout')`. */
function decoratedPath(fn: FunctionLike, index: JsIndex): boolean {
  const p = index.parent(fn);
  if (p?.type !== 'MethodDefinition') return false;
  return p.decorators.some((d) => {
    const e = unwrap(d.expression as AstNode);
    if (e.type !== 'CallExpression') return false;
    const verb = memberPath(e.callee as AstNode)?.join('.') ?? '';
    const path = stringValue(e.arguments[0] as AstNode, index);
    return /^(Get|Post|Put|Delete|All|Patch)$/.test(verb) && !!path && LOGOUT_PATH.test(path);
  });
}

function judge(fn: FunctionLike, index: JsIndex): { ends: boolean; clearsCookie: boolean; by?: string } {
  const body = fn.body as AstNode;
  let clearsCookie = false;
  for (const call of nodesIn(body, index, 'CallExpression')) {
    const prop = calleeProperty(call) ?? '';
    if (/^(clearCookie|clearCookies|deleteCookie)$/.test(prop) || (/^(cookie|setCookie|set)$/.test(prop) && /cookie|sess|token|sid|auth|jwt/i.test(index.text(call).slice(0, 120)))) clearsCookie = true;
    if (ENDS.test(prop) && !CLIENT_ONLY.test(prop) && !/cookie/i.test(prop)) return { ends: true, clearsCookie, by: `${index.text(call.callee as AstNode).slice(0, 60)}()` };
  }
  // `req.session = null`, `req.session.user = null`, `ctx.session = null`, `delete req.session.user`.
  for (const a of nodesIn(body, index, 'AssignmentExpression')) {
    const path = memberPath(a.left as AstNode);
    if (path && path.includes('session') && path[path.length - 1] !== 'cookie' && clears(a.right as AstNode)) return { ends: true, clearsCookie, by: index.text(a).slice(0, 60) };
  }
  for (const u of nodesIn(body, index, 'UnaryExpression')) {
    if (u.operator === 'delete' && memberPath(u.argument as AstNode)?.includes('session')) return { ends: true, clearsCookie, by: index.text(u).slice(0, 60) };
  }
  return { ends: false, clearsCookie };
}

/** `null`, `undefined`, `false`, `0`, `''`, `{}`. */
function clears(node: AstNode): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal') return n.value === null || n.value === false || n.value === 0 || n.value === '';
  if (n.type === 'Identifier') return n.name === 'undefined';
  if (n.type === 'ObjectExpression') return n.properties.length === 0;
  return false;
}

function nodesIn<T extends 'CallExpression' | 'AssignmentExpression' | 'UnaryExpression'>(body: AstNode, index: JsIndex, type: T) {
  return index.nodesOf(type).filter((n) => n.start >= body.start && n.end <= body.end);
}
