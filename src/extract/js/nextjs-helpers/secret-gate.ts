// Handler wrappers for machine callers (a job queue, a scheduler, another service) that run the
// route's callback only for a request carrying the deployment's secret or a valid signature:
//   export function withQueueOrInternal(handler) {
//     return async (request, context) => {
//       if (hasInternalKey(request.headers)) return handler(request, context);   // a positive check
//       if (env.SIGNING_KEY) return verifySignature(handler)(request, context);  // a verifier wraps it
//       if (!isValidInternalKey(request.headers)) return new Response('Unauthorized', { status: 401 });
//       return handler(request, context);                                        // after a refusal
//     };
//   }
// Judged by body: every use of the callback (called, or handed on) sits in the branch of a check
// of the request (`isValid…`/`verify…`/`check…` given the request or its headers), inside a
// `verify…()` call that wraps it, or after an unconditional refusal of a failed check. No caller is
// identified, so the level is `user` tagged `deployment-secret` (as js/nextjs-helpers signature
// helpers: a machine caller with the deployment's key).
import { calleeName, isFunctionLike, memberPath, nodesUnder, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { returnedFunction } from '../_lib/routes-guards.js';

const CALLBACK = /^(handler|handle|fn|callback)$/;
const REQUEST = /^(req|request)$/;
/** A check of the request's credential or signature: `isValidInternalApiKey`, `verifySignature`, `checkCronSecret`. */
const CHECK = /^(isValid|hasValid|verify|validate|check|isAuthori[sz]ed|isAuthenticated)/;
const REFUSAL = /40[13]|nauthori|orbidden/;

/** Text a file defining such a wrapper holds (asked before any tree walk). */
export function maySecretGate(content: string): boolean {
  return (content.includes('erify') || content.includes('alid')) && REFUSAL.test(content);
}

function identName(n: AstNode | undefined): string | undefined {
  let p = n;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  return p && p.type === 'Identifier' ? p.name : undefined;
}

/** `isValidKey(request.headers)`, `verify(request)`: a check given the request (or a part of it). */
function checkCall(node: AstNode, request: string): CallLike | undefined {
  const u = unwrap(node);
  if (u.type !== 'CallExpression') return undefined;
  const last = (calleeName(u) ?? '').split('.').pop() ?? '';
  if (!CHECK.test(last)) return undefined;
  return u.arguments.some((a) => memberPath(unwrap(a as AstNode))?.[0] === request) ? u : undefined;
}

function conjuncts(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return [...conjuncts(t.left as AstNode), ...conjuncts(t.right as AstNode)];
  return [t];
}

/** Is `inner` inside `outer`? */
function within(inner: AstNode, outer: AstNode): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Why this use of the callback runs only for a request that passed a check, or undefined. */
function gatedUse(use: AstNode, runner: FunctionLike, request: string, index: JsIndex): string | undefined {
  for (const a of index.ancestors(use)) {
    if (a === runner.body) break;
    // `if (isValidKey(request.headers) && ...) return handler(...)`: only when the check passed.
    if (a.type === 'IfStatement' && within(use, a.consequent as AstNode)) {
      const passed = conjuncts(a.test as AstNode).map((c) => checkCall(c, request)).find((c) => c);
      if (passed) return `${calleeName(passed) ?? 'check'}() passed`;
    }
    // `verifySignatureAppRouter(handler)` / `verify((req) => handler(req))`: a verifier wraps the callback.
    if (a.type === 'CallExpression' && !within(use, a.callee as AstNode) && /^verify/i.test((calleeName(a) ?? '').split('.').pop() ?? '')) return `wrapped by ${calleeName(a)}()`;
  }
  // After `if (!isValidKey(request.headers)) return new Response('Unauthorized', { status: 401 })`.
  const body = unwrap(runner.body as AstNode);
  if (body.type !== 'BlockStatement') return undefined;
  for (const s of body.body as AstNode[]) {
    if (s.start >= use.start) break;
    if (s.type !== 'IfStatement') continue;
    const t = unwrap(s.test as AstNode);
    const failed = t.type === 'UnaryExpression' && t.operator === '!' ? checkCall(t.argument as AstNode, request) : undefined;
    const refusal = failed ? (rejects(s.consequent as AstNode, index) ?? (REFUSAL.test(index.text(s.consequent as AstNode)) ? 'refusal' : undefined)) : undefined;
    if (failed && refusal) return `refused unless ${calleeName(failed) ?? 'check'}()`;
  }
  return undefined;
}

/** Why `fn` runs its callback only for requests that pass a secret or signature check, or undefined. */
export function secretGatedWrapper(fn: FunctionLike, index: JsIndex): string | undefined {
  const callback = fn.params.map((p) => identName(p as AstNode)).find((n) => !!n && CALLBACK.test(n));
  const runner = callback ? returnedFunction(fn, index) : undefined;
  const request = runner ? identName(runner.params[0] as AstNode | undefined) : undefined;
  if (!runner || !runner.body || !request || !REQUEST.test(request) || !isFunctionLike(runner)) return undefined;
  const uses = nodesUnder(runner.body as AstNode, 'Identifier').filter((id) => id.name === callback);
  if (uses.length === 0) return undefined;
  const whys: string[] = [];
  for (const use of uses) {
    const why = gatedUse(use, runner, request, index);
    if (!why) return undefined;
    if (!whys.includes(why)) whys.push(why);
  }
  return `runs the handler only when ${whys.join('; ')}`;
}
