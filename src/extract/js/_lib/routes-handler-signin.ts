// Fetch-API handlers (Hono, workers) that check the caller's password themselves: they hand the
// posted password to an identity provider's or auth library's sign-in (`supabase.auth
// .signInWithPassword({ email, password: body.password })`, Firebase `signInWithEmailAndPassword`)
// and answer by its result. Such a route authenticates by what it is sent, as a login does, and
// is guessed as fast as one unless it limits attempts in its own body.
import { calleeName, calleeProperty, memberPath, nodesUnder, someNode, unwrap, type AstNode, type FunctionLike } from './ast.js';
import { fetchedBody } from './routes-handler-public.js';
import { rateLimitLikeName } from './routes.js';

/** Sign-in calls of identity providers and auth libraries. */
const SIGN_IN = /^(signIn\w*|logIn|login|authenticate\w*|initiateAuth|adminInitiateAuth|verifyPassword|checkPassword)$/;
const PASSWORD_FIELD = /^(password|passwd|pass|current_?password|currentPassword)$/;

/** Names bound to the request's body (`await c.req.json()`, a schema's parse of it, `parsed.data`) and the passwords taken from it. */
function bodyNames(body: AstNode): { bodies: Set<string>; passwords: Set<string> } {
  const bodies = new Set<string>();
  const parsed = new Set<string>();
  const passwords = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (!d.init) continue;
    const id = d.id as AstNode;
    const init = memberPath(unwrap(d.init as AstNode));
    const fromBody = fetchedBody(d.init as AstNode, parsed) || (!!init && parsed.has(init[0]) && (init.length === 1 || (init.length === 2 && init[1] === 'data')));
    if (!fromBody) continue;
    if (id.type === 'Identifier') {
      parsed.add(id.name);
      bodies.add(id.name);
    } else if (id.type === 'ObjectPattern') {
      for (const p of (id as unknown as { properties: AstNode[] }).properties) {
        const { key, value } = p as unknown as { key?: AstNode; value?: AstNode };
        if (p.type === 'Property' && key?.type === 'Identifier' && value?.type === 'Identifier' && PASSWORD_FIELD.test(key.name)) passwords.add(value.name);
      }
    }
  }
  return { bodies, passwords };
}

/** Whether the handler signs in with the password it was posted. */
export function signsInWithGivenPassword(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  const calls = nodesUnder(body, 'CallExpression').filter((c) => SIGN_IN.test(calleeProperty(c) ?? calleeName(c) ?? ''));
  if (calls.length === 0) return false;
  const { bodies, passwords } = bodyNames(body);
  if (bodies.size === 0 && passwords.size === 0) return false;
  const given = (n: AstNode): boolean => {
    if (n.type === 'Identifier') return passwords.has(n.name);
    if (n.type !== 'MemberExpression') return false;
    const path = memberPath(n);
    return path?.length === 2 && bodies.has(path[0]) && PASSWORD_FIELD.test(path[1]);
  };
  return calls.some((c) => c.arguments.some((a) => someNode(a as AstNode, given)));
}

/**
 * `const status = await isIPRateLimited(c); if (status.limited) return tooMany()`, `if (isLimited(c, id))
 * return ...`: the handler asks a rate limiter and answers early by it.
 */
export function limitsInBody(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  const limiter = (c: AstNode): boolean => c.type === 'CallExpression' && rateLimitLikeName(calleeName(c) ?? '');
  const results = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (d.id.type === 'Identifier' && d.init && someNode(d.init as AstNode, limiter)) results.add(d.id.name);
  }
  return nodesUnder(body, 'IfStatement').some((s) => someNode(s.test as AstNode, (n) => limiter(n) || (n.type === 'Identifier' && results.has(n.name))));
}
