// Handler bodies that make a route without a login public by design, read from what the body does
// rather than from the route's name: it completes a one-time-token flow (the token picks the
// record it changes), or its only effect is an e-mail (a contact or abuse-report form).
import { calleeName, calleeProperty, memberPath, nodesUnder, unwrap, type AstNode, type CallLike, type FunctionLike } from './ast.js';

const REQUEST = new Set(['req', 'request', 'ctx', 'context']);

/** Body or path fields that carry a mailed one-time secret: `token`, `reset_password_token`, `resetToken`, `verificationCode`. */
const ONE_TIME_FIELD = /^(token|code|otp|(reset|recovery|recover|verification|verify|confirm|confirmation|activation|invite|invitation|magic|email|password)[-_]?(password[-_]?)?(token|code|key)|(magic[-_]?)?(invite|invitation|link)[-_]?(string|secret|hash)|magic[-_]?(string|secret))$/i;

/** Calls whose first argument selects records: lookups and `update(criteria, changes)`. */
const LOOKUP = /^(find\w*|get\w*|update\w*|where|first|select|upsert)$/;

/** `req.body.token`, `req.params.code`: a one-time field of the request, by its member path. */
function requestTokenPath(path: readonly string[] | undefined): boolean {
  if (!path || !REQUEST.has(path[0])) return false;
  const at = path[1] === 'body' || path[1] === 'params' ? 2 : path[1] === 'request' && path[2] === 'body' ? 3 : -1;
  return at > 0 && path.length === at + 1 && ONE_TIME_FIELD.test(path[at]);
}

/**
 * Completes a one-time-token flow: a token from the body or the path
 * (`const { reset_password_token } = req.body`) is a criterion of the lookup that selects the
 * record it changes (`users.update({ reset_password_token, expires: ... }, { password })`,
 * `User.findOne({ resetToken: req.body.token })`). Whoever holds the mailed token is authorised.
 * Fetch-API handlers read the body as `await request.json()`, often through a schema
 * (`const { code } = Schema.safeParse(await request.json()).data`): the same fields.
 */
export function looksUpRequestToken(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  const names = new Set<string>();
  const parsed = new Set<string>();
  const bodies = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const id = d.id as AstNode;
    // A Fetch-API handler's body (`await request.json()`) or what a schema parsed from it.
    const fetched = d.init ? fetchedBody(d.init as AstNode, parsed) : false;
    if (fetched && id.type === 'Identifier') parsed.add(id.name);
    const init = d.init ? memberPath(unwrap(d.init as AstNode)) : undefined;
    const parsedBody = !!init && parsed.has(init[0]) && (init.length === 1 || (init.length === 2 && init[1] === 'data'));
    if (!fetched && !parsedBody && (!init || !REQUEST.has(init[0]))) continue;
    if (init && id.type === 'Identifier' && requestTokenPath(init)) names.add(id.name);
    // `const body = parsed.data` then `body.inviteToken`: the parsed body under a name of its own.
    if (id.type === 'Identifier' && (fetched || parsedBody)) bodies.add(id.name);
    if (id.type !== 'ObjectPattern' || !(fetched || parsedBody || /^(body|params)$/.test(init?.[init.length - 1] ?? ''))) continue;
    for (const p of (id as unknown as { properties: AstNode[] }).properties) {
      if (p.type !== 'Property') continue;
      const { key, value } = p as unknown as { key: AstNode; value: AstNode };
      if (key.type === 'Identifier' && value.type === 'Identifier' && ONE_TIME_FIELD.test(key.name)) names.add(value.name);
    }
  }
  const tokenValue = (v: AstNode): boolean => {
    const u = unwrap(v);
    const path = memberPath(u);
    return (u.type === 'Identifier' && names.has(u.name)) || requestTokenPath(path) || (path?.length === 2 && bodies.has(path[0]) && ONE_TIME_FIELD.test(path[1]));
  };
  return nodesUnder(body, 'CallExpression').some((c) => {
    // A query builder's column filter (`.eq('invite_token', body.inviteToken)`, `.where('token', token)`).
    if (COLUMN_FILTER.test(calleeProperty(c) ?? '') && c.arguments.length === 2 && tokenValue(c.arguments[1] as AstNode)) return true;
    if (!LOOKUP.test(calleeProperty(c) ?? '')) return false;
    const first = c.arguments[0] ? unwrap(c.arguments[0] as AstNode) : undefined;
    if (!first || first.type !== 'ObjectExpression') return false;
    return nodesUnder(first, 'Property').some((p) => tokenValue((p as unknown as { value: AstNode }).value));
  });
}

/** Query-builder filters taking a column and its value (Supabase/PostgREST `eq`, Knex `where`). */
const COLUMN_FILTER = /^(eq|where|andWhere)$/;

/** Schema calls that hand back what they validated (`Schema.safeParse(body)`, `.parse`, `validate`, `safeParseSchema(schema, body)`). */
const PARSE_CALL = /^(safeParse|parse|safeParseAsync|parseAsync|validate|validateSync|safeParseSchema|parseSchema|validateSchema)$/;

/** A body-reading helper handed the request context (`await parseBody(c)`, `readJsonBody(req)`). */
const BODY_HELPER = /^(parse|read|get)_?(json_?|request_?)?body$/i;
const CONTEXT_ARG = /^(c|ctx|context|req|request|event)$/;

/** `await request.json()` / `formData()`, or a schema's parse of such a body (`Schema.safeParse(body)`). */
export function fetchedBody(init: AstNode, parsed: ReadonlySet<string>): boolean {
  let v = unwrap(init);
  while (v.type === 'AwaitExpression') v = unwrap(v.argument as AstNode);
  if (v.type !== 'CallExpression') return false;
  const path = memberPath(unwrap(v.callee as AstNode));
  if (path?.length === 2 && REQUEST.has(path[0]) && (path[1] === 'json' || path[1] === 'formData')) return true;
  // Hono's `await c.req.json()`, and a helper reading the body off the context (`await parseBody(c)`).
  if (path?.length === 3 && path[1] === 'req' && CONTEXT_ARG.test(path[0]) && /^(json|formData|parseBody)$/.test(path[2])) return true;
  const callee = unwrap(v.callee as AstNode);
  if (callee.type === 'Identifier' && BODY_HELPER.test(callee.name) && v.arguments.length >= 1) {
    const first = unwrap(v.arguments[0] as AstNode);
    if (first.type === 'Identifier' && CONTEXT_ARG.test(first.name)) return true;
  }
  return PARSE_CALL.test(calleeProperty(v) ?? '') && v.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return (u.type === 'Identifier' && parsed.has(u.name)) || fetchedBody(u, parsed);
  });
}

/** Receivers of calls that answer or log, never change state. */
const ANSWERING_ROOT = /^(res|response|reply|h|console|logger|log)$/;
/** Helpers that only read, validate, format or answer. */
const READ_ONLY_CALL = /^(Number|String|Boolean|parseInt|parseFloat|encodeURIComponent|decodeURIComponent)$|^(valid|check|verify|parse|sanitiz|escape|log|debug|info|warn|error|json|send$|status|render|format|stringify|test|match|includes|trim|toLowerCase|toUpperCase|split|join|replace|slice|map|filter|find|get|has|toString|redirect|end|header|type|set$)/i;

/**
 * The handler's only effect is an e-mail (`transporter.sendReportEmail(link)` from a report-abuse
 * or contact form): with no storage write (`storage`, judged by the caller) and no session write,
 * an anonymous caller can at most make it send mail.
 */
export function onlySendsMail(fn: FunctionLike, storage: 'none' | 'update' | 'change'): boolean {
  const body = fn.body as AstNode | null;
  if (!body || storage !== 'none') return false;
  const calls = nodesUnder(body, 'CallExpression');
  const mail = (c: CallLike) => /mail/i.test(calleeName(c) ?? '');
  if (!calls.some(mail)) return false;
  for (const a of nodesUnder(body, 'AssignmentExpression')) {
    const path = memberPath(a.left as AstNode);
    if (path && REQUEST.has(path[0])) return false;
  }
  return calls.every((c) => mail(c) || ANSWERING_ROOT.test((calleeName(c) ?? '').split('.')[0]) || READ_ONLY_CALL.test(calleeProperty(c) ?? calleeName(c) ?? ''));
}
