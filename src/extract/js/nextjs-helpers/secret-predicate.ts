// Predicates that tell a route handler whether the request carries the deployment's shared secret
// (a scheduler's or another service's key), called as `if (!(await hasJobSecret(request))) return 401`:
//   export async function hasJobSecret(request) {
//     if (!env.JOB_SECRET) return false;
//     const body = await request.clone().json();
//     return safeEqual(body.JOB_SECRET, env.JOB_SECRET);     // or a same-file helper that does
//   }
// Judged by every value the predicate returns: `false`, or a comparison (constant-time or `===`) of
// a value read from the request (directly or through locals) with a secret of the environment or
// configuration (`env.JOB_SECRET`, also inside a template: `Bearer ${env.JOB_SECRET}`). No caller
// is identified: `user` tagged `deployment-secret`, as machine-key wrappers are (secret-gate.ts).
import { calleeName, isFunctionLike, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { DEPLOYMENT_SECRET, requestValueIn } from '../_lib/routes-guard-credentials.js';

const REQUEST = /^(req|request)$/;
/** Constant-time comparisons by name: `timingSafeEqual`, `safeCompare`, `secureCompare`, `safeEqual`. */
const CONSTANT_TIME = /^(?:timingSafeEqual|(?:timing|constant)[-_]?(?:safe|time)[-_]?(?:equal|compare)\w*|safeCompare|secureCompare|safeEqual|secureEqual)$/i;

/** Text a file defining such a predicate holds (asked before any tree walk). */
export function maySecretPredicate(content: string): boolean {
  return /timingSafeEqual|afeCompare|ecureCompare|afeEqual|ecureEqual|onstantTime/i.test(content) && /\benv\b|config/.test(content);
}

function identName(n: AstNode | undefined): string | undefined {
  let p = n;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  return p && p.type === 'Identifier' ? p.name : undefined;
}

/** The secret the two sides compare, when one reads the request and another names a deployment secret. */
function compared(sides: AstNode[], index: JsIndex): string | undefined {
  const secret = sides.map((s) => index.text(s).match(DEPLOYMENT_SECRET)?.[0]).find((m) => !!m);
  if (!secret) return undefined;
  return sides.some((s) => !DEPLOYMENT_SECRET.test(index.text(s)) && requestValueIn(s, index)) ? secret : undefined;
}

/** Why a returned value is a comparison of a request value with a deployment secret, or undefined. */
function secretCompare(node: AstNode | null | undefined, request: string, index: JsIndex, depth: number): string | undefined {
  let n = unwrapAwait(node);
  // `const valid = isValidSecret(request); ...; return valid`: one local away.
  if (n?.type === 'Identifier') n = unwrapAwait(index.initAt(n.name, n));
  if (!n) return undefined;
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const s = compared([n.left as AstNode, n.right as AstNode], index);
    return s ? `compares a request value with ${s}` : undefined;
  }
  if (n.type !== 'CallExpression') return undefined;
  const name = calleeName(n) ?? '';
  if (CONSTANT_TIME.test(name.split('.').pop() ?? '')) {
    const s = compared(n.arguments as AstNode[], index);
    return s ? `compares a request value with ${s} in constant time` : undefined;
  }
  // A same-file predicate handed the request.
  const local = !name.includes('.') && depth < 2 ? index.functionByName(name) : undefined;
  const handed = (n.arguments as AstNode[]).some((a) => identName(unwrap(a)) === request);
  return local && handed ? secretPredicate(local, index, depth + 1) : undefined;
}

/** Why `fn` answers true only for a request carrying the deployment's secret, or undefined. */
export function secretPredicate(fn: FunctionLike, index: JsIndex, depth = 0): string | undefined {
  const request = identName(fn.params[0] as AstNode | undefined);
  const body = unwrap(fn.body as AstNode | null);
  if (!request || !REQUEST.test(request) || !body) return undefined;
  const values: (AstNode | null)[] = body.type === 'BlockStatement' ? nodesUnder(body, 'ReturnStatement').filter((r) => index.enclosingFunction(r) === fn).map((r) => r.argument as AstNode | null) : isFunctionLike(body) ? [] : [body];
  let why: string | undefined;
  for (const v of values) {
    const u = unwrapAwait(v);
    if (u?.type === 'Literal' && (u as { value: unknown }).value === false) continue;
    const w = secretCompare(u, request, index, depth);
    if (!w) return undefined;
    why ??= w;
  }
  return why;
}
