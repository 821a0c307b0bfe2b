// A handler called by a machine that signs its requests (a message queue, a scheduler, a webhook
// sender): it verifies the signature header against the body itself and refuses on a mismatch.
// Only the holder of the signing key gets through, so the route is authenticated, by the
// deployment's own secret rather than by a user.
import { calleeName, calleeProperty, memberPath, nodesUnder, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { REQ_NAMES, negative, rejects } from './routes-guard-signals.js';
import { headerRead } from './routes-guard-shapes.js';

const SIGNATURE_HEADER = /signature/i;
const VERIFY_CALL = /^verify\w*$/i;
/** A test on the deployment's environment only (`process.env.VERCEL === '1'`): production runs the check. */
const ENVIRONMENT_TEST = /^[\s!(]*(process\.env|import\.meta\.env)\b/;

/** `req.headers.get('x')` (Fetch API), `sig || ''`, or any form `headerRead` knows: the header read. */
function headerName(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'LogicalExpression') return headerName(n.left as AstNode, index);
  if (n.type === 'CallExpression') {
    const path = memberPath(unwrap(n.callee as AstNode));
    if (path?.length === 3 && REQ_NAMES.has(path[0]) && path[1] === 'headers' && path[2] === 'get') return stringValue(n.arguments[0] as AstNode, index);
  }
  return headerRead(n, index, REQ_NAMES);
}

/** The signature header a verify call is handed, directly, in an options object, or through one local. */
function signatureArgument(call: CallLike, index: JsIndex): string | undefined {
  for (const arg of call.arguments) {
    for (const n of [arg as AstNode, ...nodesUnder(arg as AstNode, 'Property').map((p) => p.value as AstNode)]) {
      const v = unwrap(n);
      const direct = headerName(v, index);
      const viaLocal = v.type === 'Identifier' ? headerName(unwrapAwait(index.initAt(v.name, v)) ?? undefined, index) : undefined;
      const name = direct ?? viaLocal;
      if (name && SIGNATURE_HEADER.test(name)) return name;
    }
  }
  return undefined;
}

function verifyCall(node: AstNode | undefined): CallLike | undefined {
  const n = unwrapAwait(node ?? null) ?? unwrap(node);
  if (!n || n.type !== 'CallExpression') return undefined;
  const name = (calleeProperty(n) ?? calleeName(n) ?? '').split('.').pop() ?? '';
  return VERIFY_CALL.test(name) ? n : undefined;
}

/** A vendor SDK's webhook event constructor, which throws on a signature mismatch: Stripe's `webhooks.constructEvent(body, sig, secret)`. */
const EVENT_CONSTRUCTOR = /^constructEvent(?:Async)?$/;

function eventConstructorCall(node: AstNode | null | undefined): CallLike | undefined {
  const n = unwrapAwait(node ?? null);
  if (!n || n.type !== 'CallExpression') return undefined;
  return EVENT_CONSTRUCTOR.test(calleeProperty(n) ?? calleeName(n) ?? '') ? n : undefined;
}

/** The call a statement makes or assigns: `event = ctor(...)`, `const event = await ctor(...)`, `await ctor(...)`. */
function statementCall(s: AstNode): AstNode | undefined {
  if (s.type === 'VariableDeclaration') return s.declarations.length === 1 ? ((s.declarations[0].init as AstNode | null) ?? undefined) : undefined;
  if (s.type !== 'ExpressionStatement') return undefined;
  const e = unwrap(s.expression as AstNode);
  return e.type === 'AssignmentExpression' ? (e.right as AstNode) : e;
}

/**
 * `event = stripe.webhooks.constructEvent(await req.text(), sig, secret)` handed the signature
 * header: it throws on a mismatch, so the handler stops there, unless a `try` around it swallows
 * the error (its `catch` must leave: answer or rethrow).
 */
function constructsVerifiedEvent(s: AstNode, fn: FunctionLike, index: JsIndex): string | undefined {
  const call = eventConstructorCall(statementCall(s));
  const header = call ? signatureArgument(call, index) : undefined;
  if (!call || !header) return undefined;
  for (const a of index.ancestors(s)) {
    if (a === fn.body) break;
    if (a.type !== 'TryStatement' || !a.handler) continue;
    const caught = (a.handler.body as AstNode & { body: AstNode[] }).body;
    const last = caught[caught.length - 1];
    if (last?.type !== 'ReturnStatement' && last?.type !== 'ThrowStatement') return undefined;
  }
  return `verifies the ${header} header with ${index.text(call.callee as AstNode)}(), which throws on a mismatch`;
}

/** Top-level statements, read through a top-level `try` and an `if` on the environment alone. */
function leading(fn: FunctionLike, index: JsIndex): AstNode[] {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return [];
  const out: AstNode[] = [];
  const visit = (stmts: AstNode[], depth: number) => {
    for (const s of stmts.slice(0, 12)) {
      if (s.type === 'TryStatement') visit((s.block as AstNode & { body: AstNode[] }).body, depth);
      else if (depth === 0 && s.type === 'IfStatement' && !s.alternate && (s.consequent as AstNode).type === 'BlockStatement' && ENVIRONMENT_TEST.test(index.text(s.test as AstNode))) visit((s.consequent as AstNode & { body: AstNode[] }).body, depth + 1);
      // `if (process.env.VERCEL !== '1') return;` first: the check is skipped off that platform (environmentSkip).
      else if (depth === 0 && out.length === 0 && environmentReturn(s, index)) continue;
      else out.push(s);
    }
  };
  visit(body.body as AstNode[], 0);
  return out;
}

/** `if (<environment test>) return;` (or `{ return; }`): leaves with nothing before any check. */
function environmentReturn(s: AstNode, index: JsIndex): boolean {
  if (s.type !== 'IfStatement' || s.alternate || !ENVIRONMENT_TEST.test(index.text(s.test as AstNode))) return false;
  const c = s.consequent as AstNode;
  const only = c.type === 'BlockStatement' ? (c.body.length === 1 ? (c.body[0] as AstNode) : undefined) : c;
  return only?.type === 'ReturnStatement' && !only.argument;
}

/**
 * The verifier's first statement when it returns before checking anything on a test of the
 * environment (`if (process.env.VERCEL !== '1') return;`, "skip in local development"): every
 * deployment where that test holds serves the routes unchecked.
 */
export function environmentSkip(fn: FunctionLike, index: JsIndex): { condition: string; line: number; test: AstNode } | undefined {
  const body = fn.body as AstNode | null;
  const first = body?.type === 'BlockStatement' ? (body.body[0] as AstNode | undefined) : undefined;
  if (!first || first.type !== 'IfStatement' || !environmentReturn(first, index)) return undefined;
  const test = first.test as AstNode;
  return { condition: index.text(test).replace(/\s+/g, ' ').slice(0, 100), line: index.line(first), test };
}

/**
 * `const ok = await receiver.verify({ signature: req.headers.get('Upstash-Signature'), body })`
 * then `if (!ok) return new Response('Unauthorized', { status: 401 })` (or a throw), among the
 * handler's first statements; also `if (!(await verifySignature(sig, body))) return res.status(401)`.
 */
export function signatureVerified(fn: FunctionLike, index: JsIndex): string | undefined {
  if (!SIGNATURE_HEADER.test(index.text(fn as unknown as AstNode))) return undefined;
  const verified = new Map<string, string>();
  for (const s of leading(fn, index)) {
    const constructed = constructsVerifiedEvent(s, fn, index);
    if (constructed) return constructed;
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        const call = verifyCall(d.init as AstNode | undefined);
        const header = call && d.id.type === 'Identifier' ? signatureArgument(call, index) : undefined;
        if (header && d.id.type === 'Identifier') verified.set(d.id.name, `verifies the ${header} header with ${index.text(call!.callee as AstNode)}()`);
      }
      continue;
    }
    // `let ok; try { ok = await receiver.verify({ signature, body }) } catch (e) { throw ... }`.
    const assigned = s.type === 'ExpressionStatement' ? unwrap(s.expression as AstNode) : undefined;
    if (assigned?.type === 'AssignmentExpression' && assigned.operator === '=' && (assigned.left as AstNode).type === 'Identifier') {
      const call = verifyCall(assigned.right as AstNode);
      const header = call ? signatureArgument(call, index) : undefined;
      if (header) verified.set((assigned.left as AstNode & { name: string }).name, `verifies the ${header} header with ${index.text(call!.callee as AstNode)}()`);
      continue;
    }
    if (s.type !== 'IfStatement' || !negative(s.test as AstNode, index)) continue;
    const why = rejects(s.consequent as AstNode, index);
    if (!why || !(why === 'throw' || /40[13]/.test(why))) continue;
    const t = unwrap(s.test as AstNode);
    const subject = t.type === 'UnaryExpression' ? unwrap(t.argument as AstNode) : t;
    if (subject.type === 'Identifier' && verified.has(subject.name)) return `${verified.get(subject.name)}, ${why} otherwise`;
    const call = verifyCall(subject);
    const header = call ? signatureArgument(call, index) : undefined;
    if (header) return `verifies the ${header} header with ${index.text(call!.callee as AstNode)}(), ${why} otherwise`;
  }
  return undefined;
}
