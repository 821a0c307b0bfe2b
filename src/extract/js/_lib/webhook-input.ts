// What a webhook handler could have checked about who sent it. A provider signs its events (an HMAC
// of the raw body in a header, a signed JWT in a header, a signature field); the receiver proves
// the sender only by reading that signature and verifying it against its secret. Two verdicts,
// read from the handler and the same-file functions it hands the request to:
//   - `webhook-signature`: a verification idiom is seen (Stripe `constructEvent`, `createHmac` and
//     `timingSafeEqual`, svix `new Webhook(secret).verify`, `webhooks.verify`, Twilio
//     `validateRequest`, `crypto.subtle.verify`, a `verify...Signature(...)` helper).
//   - `unsigned-input`: nothing signed can have been checked: the handler reads no header, no raw
//     body and no credential word, and hands the request object to no function it cannot see
//     into; it takes only the parsed body (or fields of it). Whatever runs later was given nothing
//     to verify.
// Anything else (a header read, the request handed to an imported helper, a word like `secret` or
// `token`) gives no verdict: the check may sit where this cannot see. tRPC resolvers are judged the
// same way by what they read of their options (`procedureWebhookInput`).
import { calleeName, isFunctionLike, memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';

export type WebhookInput = 'webhook-signature' | 'unsigned-input';

/**
 * An event SDK's request handler, whatever the framework adapter (`inngest/next`, `inngest/hono`,
 * `@upstash/workflow/nextjs`, `@upstash/workflow/hono`): Inngest's `serve({ client, functions })`
 * refuses requests not signed with the app's signing key outside dev mode; Upstash Workflow's
 * `serve(workflow, options)` checks the QStash signature with the deployment's signing keys. Tested
 * on the call's resolved callee (`module.export`).
 */
export const SIGNED_EVENT_SERVE = /^(inngest|@upstash\/workflow)(\/[\w-]+)?\.serve$/;

const VERIFIES = /\bconstructEvent(?:Async)?\s*\(|\btimingSafeEqual\b|\bcreateHmac\s*\(|\bvalidateRequest(?:WithBody)?\s*\(|\bnew\s+Webhook\s*\(|\bverify\w*Webhook\w*\s*\(|\bwebhooks?\s*\.\s*verify\w*\s*\(|\bverify\w*Signature\w*\s*\(|\bsubtle\s*\.\s*verify\s*\(/;
/** Words of a credential or a signature: some check may be made with them, so no verdict. */
const CREDENTIAL_WORD = /verif|signature|signed|\bsig\b|hmac|secret|svix|token|authori[sz]ation|api[-_]?key|password|credential|x-hub|crypto|jwt|\bauth\b|apikey/i;
/**
 * A handler that says where hooks deliver (`setHooks(projectId, hooks)`, `createWebhook(...)`, `{ hooks }
 * = req.body`) configures hooks: it receives no provider's event, so no verdict about one.
 */
const MANAGES_HOOKS = /\b(?:set|create|add|update|save|register|upsert)(?:Web)?[Hh]ooks?\s*\(|\b(?:web)?hooks\s*[,}][^;=]*=\s*(?:req|request|ctx(?:\.request)?)\.body\b|\.body\.(?:web)?hooks\b/;
/** What a request object offers besides headers and the raw body: parsed input, the URL, response helpers. */
const PARSED = new Set(['body', 'json', 'formData', 'params', 'param', 'query', 'valid', 'method', 'url', 'originalUrl', 'path', 'nextUrl', 'ip', 'ips', 'hostname', 'protocol', 'user', 'session', 'state', 'status', 'throw', 'log', 'id', 'app', 'locals', 'res', 'response', 'set', 'type', 'redirect']);
/** The request inside a context (`ctx.request.body` in Koa, `c.req.json()` in Hono). */
const NESTED_REQUEST = new Set(['request', 'req']);

/**
 * Which members of the names watched are parsed input only: `parsed(m)` for `x.m`, and for `x.n.m`
 * with `nested` holding `n`, `inner(m)`.
 */
interface InputSpec {
  parsed(member: string): boolean;
  nested: ReadonlySet<string>;
  inner(member: string): boolean;
}

const HTTP_SPEC: InputSpec = { parsed: (m) => PARSED.has(m), nested: NESTED_REQUEST, inner: (m) => PARSED.has(m) };

/** What a tRPC resolver's options hold besides its context: the schema-parsed input, the call's type and path. */
const PROCEDURE_PARSED = new Set(['input', 'type', 'path', 'signal']);
/** Members of an application's tRPC context that may hold the HTTP request, its headers or raw body. */
const CTX_REQUEST = new Set(['req', 'request', 'headers', 'header', 'rawBody', 'raw', 'body', 'event', 'c', 'res', 'resHeaders', 'info', 'cookies']);
const ctxMember = (m: string): boolean => !CTX_REQUEST.has(m);
/** `(opts) => ...`: `opts.input`, `opts.ctx.db`; not `opts.ctx.req`, nor `opts.ctx` handed on whole. */
const PROCEDURE_SPEC: InputSpec = { parsed: (m) => PROCEDURE_PARSED.has(m), nested: new Set(['ctx']), inner: ctxMember };
/** `({ ctx, input }) => ...`: the context's own members other than the request. */
const CONTEXT_SPEC: InputSpec = { parsed: ctxMember, nested: new Set(), inner: () => false };

/** Only the parsed input of the request is read, and nothing of it reaches code not seen here. */
function parsedOnly(fn: FunctionLike, requests: ReadonlySet<string>, index: JsIndex, depth: number, spec: InputSpec = HTTP_SPEC): 'signature' | 'unsigned' | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  const calls = nodesUnder(body, 'CallExpression');
  // With the functions of this file it calls (`verifyEvent(raw, sig)`, `this.checkSignature(...)`): their words count too.
  const texts = [index.text(body)];
  if (depth < 2) for (const call of calls) {
    const target = sameFileCallee(call, fn, index);
    if (target?.body) texts.push(index.text(target.body as AstNode));
  }
  if (texts.some((t) => VERIFIES.test(t))) return 'signature';
  if (texts.some((t) => CREDENTIAL_WORD.test(t) || MANAGES_HOOKS.test(t))) return undefined;
  // `headers()` and `cookies()` of next/headers: the request's headers without the request.
  if (calls.some((c) => calleeName(c) === 'headers' || calleeName(c) === 'cookies')) return undefined;
  let verdict: 'signature' | 'unsigned' | undefined = 'unsigned';
  for (const id of nodesUnder(body, 'Identifier')) {
    if (!requests.has(id.name)) continue;
    const parent = index.parent(id);
    // `x.req`, `{ req: 1 }`: a property's name, not the request.
    if (parent?.type === 'MemberExpression' && parent.property === id && !parent.computed) continue;
    const use = requestUse(id, index, depth, spec);
    if (use === undefined) return undefined;
    if (use === 'signature') verdict = 'signature';
  }
  return verdict;
}

/** How one occurrence of the request is used: parsed input only, or handed to a same-file function. */
function requestUse(id: AstNode, index: JsIndex, depth: number, spec: InputSpec): 'signature' | 'unsigned' | undefined {
  let top: AstNode = id;
  let parent = index.parent(top);
  while (parent && parent.type === 'MemberExpression' && parent.object === top) {
    top = parent;
    parent = index.parent(top);
  }
  if (top !== id) {
    const path = memberPath(top) ?? [];
    const first = path[1];
    if (first && spec.parsed(first)) return 'unsigned';
    if (first && spec.nested.has(first) && path[2] && spec.inner(path[2])) return 'unsigned';
    return undefined;
  }
  if (!parent) return undefined;
  // The declaration or the parameter itself, a property key.
  if ((parent.type === 'VariableDeclarator' && parent.id === id) || isFunctionLike(parent) || (parent.type === 'Property' && parent.key === id && !parent.shorthand)) return 'unsigned';
  // `const { body, params } = req`: parsed input only.
  if (parent.type === 'VariableDeclarator' && parent.init === id && parent.id.type === 'ObjectPattern') {
    return parent.id.properties.every((p) => p.type === 'Property' && p.key.type === 'Identifier' && spec.parsed(p.key.name)) ? 'unsigned' : undefined;
  }
  // `handle(req, res)` of a function of this file: judged there, under the name it gives the request.
  if (parent.type === 'CallExpression' && parent.callee !== id && depth < 2) {
    const callee = unwrap(parent.callee as AstNode);
    const target = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
    const at = parent.arguments.indexOf(id as never);
    const param = target?.params[at] as AstNode | undefined;
    if (!target || !param || param.type !== 'Identifier') return undefined;
    const inner = parsedOnly(target, new Set([param.name]), index, depth + 1, spec);
    return inner;
  }
  return undefined;
}

/** `helper(...)` declared in this file, or `this.helper(...)` of the handler's own class. */
function sameFileCallee(call: AstNode & { callee: unknown }, fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type === 'Identifier') return index.functionByName(callee.name);
  const path = memberPath(callee);
  if (path?.length !== 2 || path[0] !== 'this') return undefined;
  const cls = index.enclosingClass(fn as unknown as AstNode);
  for (const m of cls?.body.body ?? []) if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === path[1] && m.value !== fn) return m.value as FunctionLike;
  return undefined;
}

/** Names the request goes by in a handler: its first parameter (`req`, `request`, `ctx`, `c`). */
function requestNames(fn: FunctionLike): Set<string> | undefined {
  const first = fn.params[0] as AstNode | undefined;
  if (!first) return new Set();
  const p = first.type === 'AssignmentPattern' ? (first.left as AstNode) : first;
  if (p.type === 'Identifier') return new Set([p.name]);
  // `({ body, params })`: destructured parsed input only.
  if (p.type === 'ObjectPattern' && p.properties.every((x) => x.type === 'Property' && x.key.type === 'Identifier' && PARSED.has(x.key.name))) return new Set();
  return undefined;
}

/** Cheap first: only files that speak of hooks, or sit at a hook path (`app/api/webhooks/stripe/route.ts`), are read. */
export function speaksOfHooks(index: JsIndex): boolean {
  return index.content.includes('ook') || /hook/i.test(index.file);
}

/**
 * The verdict for a route handler (`(req, res)`, `(ctx)`, `(request)`), with the same-file
 * functions it hands the request to.
 */
export function webhookInput(fn: FunctionLike, index: JsIndex): WebhookInput | undefined {
  if (!speaksOfHooks(index) || !fn.body) return undefined;
  const requests = requestNames(fn);
  if (!requests) return undefined;
  return verdictOf(parsedOnly(fn, requests, index, 0));
}

/**
 * The verdict for a handler whose request goes by the given names (a Nest method's `@Req()`
 * parameter; none when it takes only `@Body()` and `@Param()`), callers having checked that no other
 * parameter may carry a signature.
 */
export function webhookInputOf(fn: FunctionLike, requests: ReadonlySet<string>, index: JsIndex): WebhookInput | undefined {
  if (!speaksOfHooks(index) || !fn.body) return undefined;
  return verdictOf(parsedOnly(fn, requests, index, 0));
}

function verdictOf(v: 'signature' | 'unsigned' | undefined): WebhookInput | undefined {
  return v === 'signature' ? 'webhook-signature' : v === 'unsigned' ? 'unsigned-input' : undefined;
}

/**
 * The verdict for a tRPC resolver (`(opts) => ...`, `({ ctx, input }) => ...`). It is given the
 * schema-parsed input and the application's context; a signature could only travel in the HTTP
 * request the context may carry (`ctx.req.headers`) or in a field of the input, whose name the
 * credential words catch. A resolver reading only the input and context members other than the
 * request (`ctx.db`, `ctx.session`) has verified no sender, whoever calls it.
 */
export function procedureWebhookInput(fn: FunctionLike, index: JsIndex): WebhookInput | undefined {
  if (!speaksOfHooks(index) || !fn.body) return undefined;
  const first = fn.params[0] as AstNode | undefined;
  if (!first) return verdictOf(parsedOnly(fn, new Set(), index, 0, PROCEDURE_SPEC));
  if (first.type === 'Identifier') return verdictOf(parsedOnly(fn, new Set([first.name]), index, 0, PROCEDURE_SPEC));
  if (first.type !== 'ObjectPattern') return undefined;
  const names = new Set<string>();
  for (const p of first.properties) {
    if (p.type !== 'Property' || p.key.type !== 'Identifier') return undefined;
    if (PROCEDURE_PARSED.has(p.key.name)) continue;
    // `{ ctx }` bound to a name: its members are judged; `{ ctx: { db } }` by the names it takes.
    if (p.key.name !== 'ctx') return undefined;
    const value = p.value as AstNode;
    if (value.type === 'Identifier') names.add(value.name);
    else if (value.type !== 'ObjectPattern' || !value.properties.every((x) => x.type === 'Property' && x.key.type === 'Identifier' && ctxMember(x.key.name))) return undefined;
  }
  return verdictOf(parsedOnly(fn, names, index, 0, CONTEXT_SPEC));
}
