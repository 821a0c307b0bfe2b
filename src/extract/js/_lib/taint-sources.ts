// Where request-controlled data enters: members of framework request objects (Express, Koa,
// Fastify, Hapi, Next, raw node http, AWS Lambda events), Nest parameter decorators, websocket
// message handlers and archive entries.
import type { Decorator, Expression } from 'oxc-parser';
import { stringValue, unwrap } from './taint-ast.js';
import { regexBits } from './taint-guards.js';
import { ALL_KINDS, type AV, bits, DEFAULT_FLAGS, type Flags, type Role } from './taint-types.js';
import { Table } from './taint-table.js';

/** Parameter names that hold a request or a response, whoever registered the function. */
export const REQUEST_NAMES = new Set(['req', 'request', '_req']);
export const RESPONSE_NAMES = new Set(['res', 'response', 'reply', '_res']);
export const CTX_NAMES = new Set(['ctx']);

type Container = 'object' | 'strings' | 'string';

/** Members of a request object and what they hold. `whole`: the full body/query, as parsed. */
const REQUEST_MEMBERS = new Table<{ holds: Container; whole?: boolean }>({
  body: { holds: 'object', whole: true },
  query: { holds: 'object', whole: true },
  payload: { holds: 'object', whole: true },
  files: { holds: 'object' },
  file: { holds: 'object' },
  params: { holds: 'strings' },
  headers: { holds: 'strings' },
  header: { holds: 'strings' },
  cookies: { holds: 'strings' },
  state: { holds: 'strings' },
  url: { holds: 'string' },
  originalUrl: { holds: 'string' },
  path: { holds: 'string' },
  querystring: { holds: 'string' },
  search: { holds: 'string' },
  rawBody: { holds: 'string' },
  nextUrl: { holds: 'object' },
  // Medusa: the body and query after the route's schema ran (unknown keys stripped, so not the
  // whole client object), and the list filters taken from the query.
  validatedBody: { holds: 'object' },
  validatedQuery: { holds: 'object' },
  filterableFields: { holds: 'object' },
  // Restivus endpoints (Meteor): `this.bodyParams`, `this.urlParams`, `this.queryParams`.
  bodyParams: { holds: 'object', whole: true },
  queryParams: { holds: 'object', whole: true },
  urlParams: { holds: 'strings' },
});

const EVENT_MEMBERS = new Table<{ holds: Container; whole?: boolean }>({
  body: { holds: 'string' },
  queryStringParameters: { holds: 'strings' },
  multiValueQueryStringParameters: { holds: 'object' },
  pathParameters: { holds: 'strings' },
  headers: { holds: 'strings' },
  rawPath: { holds: 'string' },
  rawQueryString: { holds: 'string' },
});

function flagsFor(holds: Container, whole: boolean): Flags {
  return { ...DEFAULT_FLAGS, shape: holds === 'string' ? 'string' : holds, whole: whole ? 'yes' : 'no' };
}

export function sourceValue(label: string, holds: Container | 'any', whole = false): AV {
  const flags: Flags = holds === 'any' ? { ...DEFAULT_FLAGS, whole: whole ? 'yes' : 'no' } : flagsFor(holds, whole);
  return { src: [{ label, kind: 'request' }], flags };
}

export function archiveValue(label: string): AV {
  return { src: [{ label, kind: 'archive' }], flags: { ...DEFAULT_FLAGS, shape: 'any' } };
}

/** A member of a request-like object: a source, a nested request object, or nothing. */
export function requestMember(role: Role, base: string, key: string): AV | undefined {
  if (role === 'event') {
    const m = EVENT_MEMBERS.get(key);
    return m ? sourceValue(`${base}.${key}`, m.holds, m.whole) : undefined;
  }
  // `req.session.user_name`: second-order data, a source only if request data is stored there.
  if (role === 'session') return { src: [{ label: `${base}.${key}`, kind: 'session' }], flags: { ...DEFAULT_FLAGS } };
  if (role !== 'request' && role !== 'ctx') return undefined;
  if (key === 'request' || key === 'req') return { role: 'request', name: `${base}.${key}` };
  if (key === 'session') return { role: 'session', name: `${base}.session` };
  // Moleculer's `ctx.meta`: what the gateway stored for the call (`ctx.meta.lang = req.headers[...]`
  // in onBeforeCall); like a session value, a source only where request data is written to that key.
  if (role === 'ctx' && key === 'meta') return { role: 'session', name: `${base}.meta` };
  // h3's event: `event.context.params` (the router's), `event.node.req` (Node's request).
  if ((key === 'context' || key === 'node') && /(^|\.)(event|evt)$/.test(base)) return { role: 'request', name: `${base}.${key}` };
  if (role === 'ctx' && key === 'body') return undefined; // Koa: ctx.body is the response.
  // Koa's `ctx.state` is the server's namespace between middleware (the signed-in user, a CSP
  // nonce); Hapi's `request.state` holds the cookies.
  if (role === 'ctx' && key === 'state') return undefined;
  const m = REQUEST_MEMBERS.get(key);
  if (!m) return undefined;
  return sourceValue(`${base}.${key}`, m.holds, m.whole);
}

/** Methods of request objects that return request data (`req.get('x')`, `await request.json()`). */
export function requestMethod(role: Role, base: string, method: string, firstArg: Expression | undefined): AV | undefined {
  if (role !== 'request' && role !== 'ctx') return undefined;
  const arg = firstArg ? stringValue(unwrap(firstArg)) : undefined;
  switch (method) {
    case 'get':
    case 'header':
    case 'param': {
      const v = sourceValue(arg ? `${base}.${method}('${arg}')` : `${base}.${method}()`, 'string');
      return arg && REDIRECT_SAFE_HEADERS.test(arg) ? refererValue(v) : v;
    }
    case 'json':
    case 'formData':
      return sourceValue(`${base}.${method}()`, 'object', true);
    case 'text':
      return sourceValue(`${base}.text()`, 'string');
    // AdonisJS: `request.input('q')`, `request.all()`, `request.only(['a'])`, `request.body()`,
    // `request.qs()`, `request.file('avatar')`, `request.cookie('x')` (`validate` / `validateUsing`
    // return validated data and are no source).
    case 'input':
      return sourceValue(arg ? `${base}.input('${arg}')` : `${base}.input()`, 'any');
    case 'all':
    case 'body':
    case 'qs':
    case 'except':
      return sourceValue(`${base}.${method}()`, 'object', true);
    case 'only':
    case 'params':
    case 'allFiles':
      return sourceValue(`${base}.${method}()`, 'object');
    case 'file':
    case 'files':
      return sourceValue(arg ? `${base}.${method}('${arg}')` : `${base}.${method}()`, 'object');
    case 'cookie':
    case 'plainCookie':
    case 'encryptedCookie':
    case 'raw':
      return sourceValue(arg ? `${base}.${method}('${arg}')` : `${base}.${method}()`, 'string');
    default:
      return undefined;
  }
}

/**
 * Headers a victim's browser sets itself: redirecting to the Referer returns users where they came
 * from, and the Host header of a browser request is the site's own (https upgrades use it).
 */
export const REDIRECT_SAFE_HEADERS = /^(?:referr?er|host|x-forwarded-host)$/i;

export function refererValue(v: AV): AV {
  const clean = bits('redirect');
  return { ...v, src: v.src?.map((o) => ({ ...o, clean })), flags: { ...(v.flags ?? DEFAULT_FLAGS), clean } };
}

const NEST_SOURCES = new Table<{ holds: Container | 'any'; whole: boolean }>({
  Body: { holds: 'object', whole: true },
  Query: { holds: 'object', whole: true },
  Param: { holds: 'strings', whole: false },
  Headers: { holds: 'strings', whole: false },
  Args: { holds: 'object', whole: true },
  MessageBody: { holds: 'object', whole: true },
  UploadedFile: { holds: 'object', whole: false },
  UploadedFiles: { holds: 'object', whole: false },
  // routing-controllers
  QueryParam: { holds: 'strings', whole: false },
  QueryParams: { holds: 'object', whole: true },
  HeaderParam: { holds: 'strings', whole: false },
  CookieParam: { holds: 'strings', whole: false },
  BodyParam: { holds: 'any', whole: false },
  // inversify-express-utils
  requestParam: { holds: 'strings', whole: false },
  queryParam: { holds: 'strings', whole: false },
  requestBody: { holds: 'object', whole: true },
  requestHeaders: { holds: 'strings', whole: false },
  cookies: { holds: 'strings', whole: false },
  // tsoa
  Path: { holds: 'strings', whole: false },
  Header: { holds: 'strings', whole: false },
  BodyProp: { holds: 'any', whole: false },
  FormField: { holds: 'strings', whole: false },
});

/**
 * Nest parameter decorators. `@Body() dto: CreateUserDto` is the whole body: a DTO class only
 * limits the fields when a whitelisting ValidationPipe runs, which is often configured in another
 * file (a global pipe); the mass-assignment rule judges that. A pipe on the parameter itself
 * (`@Body(new ValidationPipe({ whitelist: true })) dto`) is seen here. `@Body('user') user` is the
 * sub-object under that key, as open as the body; `@Args('input')` is checked by the GraphQL schema
 * and `@Query('q')` is usually one value, so those stay member values.
 */
export function nestParam(decorators: Decorator[] | undefined, name: string, typed: boolean, route?: string, dto?: string): AV | undefined {
  for (const d of decorators ?? []) {
    const e = unwrap(d.expression);
    // `@Body payload: LoginDto`, `@Query query: ListDto`: the decorator itself, not a factory's
    // result (controller frameworks of a project's own whose parameter decorators take no key).
    const bare = e.type === 'Identifier';
    if (e.type !== 'CallExpression' && !bare) continue;
    const callee = bare ? e : unwrap(e.callee);
    if (callee.type !== 'Identifier') continue;
    const deco = callee.name;
    if (deco === 'Req' || deco === 'Request') return { role: 'request', name };
    if (deco === 'Res' || deco === 'Response') return { role: 'response', name };
    const spec = NEST_SOURCES.get(deco);
    if (!spec) continue;
    const args = bare ? [] : e.arguments.map((a) => unwrap(a as Expression));
    const key = args[0] ? stringValue(args[0]) : undefined;
    const base = bare ? `@${deco}` : `@${deco}(${key ? `'${key}'` : ''})`;
    // A bare decorator takes no options: what it can check, it reads from the parameter's declared
    // type (`design:paramtypes`), so a class-typed `@Body payload: LoginDto` holds that class's
    // fields (its schema parsed), not the whole body.
    const whitelisted = typed && (bare || args.some(isWhitelistingPipe));
    // `@Param('id', ParseIntPipe)`: the handler gets a number, a UUID or an enum member, or the request fails.
    if (args.some(isParsingPipe)) return undefined;
    if (key && deco === 'Param' && routeParamClean(route, key) === ALL_KINDS) return undefined;
    if (key) {
      if (spec.holds === 'strings') return sourceValue(`${base} ${name}`, 'string');
      return sourceValue(`${base} ${name}`, 'any', KEYED_OBJECTS.has(deco) && !whitelisted);
    }
    // GraphQL arguments typed by an input class hold only the schema's fields.
    const closed = deco === 'Args' && typed;
    const value = sourceValue(`${base} ${name}`, spec.holds, spec.whole && !whitelisted && !closed);
    // `@Body() dto: CreateNoteDto`: its members are judged by the class's validators in link.
    return dto && (deco === 'Body' || deco === 'Query') ? { ...value, src: value.src?.map((o) => ({ ...o, dto })) } : value;
  }
  return undefined;
}

/** Nest pipes that turn the value into a number, boolean, UUID or enum member, or reject the request. */
const PARSING_PIPES = /^Parse(?:Int|Float|Bool|UUID|Enum)Pipe$/;

function isParsingPipe(node: Expression): boolean {
  let n = unwrap(node);
  if (n.type === 'NewExpression') n = unwrap(n.callee);
  return n.type === 'Identifier' && PARSING_PIPES.test(n.name);
}

/**
 * Kinds a route parameter's own pattern rules out: `/backups/:id(\\d+)` (Express, Nest) only
 * matches digits, judged like an anchored allow-list regex. 0 when the route has none for `key`.
 */
export function routeParamClean(route: string | undefined, key: string): number {
  if (!route || !route.includes(`:${key}(`)) return 0;
  const at = route.indexOf(`:${key}(`) + key.length + 2;
  // The pattern runs to the matching parenthesis (groups inside it are balanced).
  let depth = 1;
  let end = at;
  for (; end < route.length && depth > 0; end++) {
    if (route[end] === '\\') end++;
    else if (route[end] === '(') depth++;
    else if (route[end] === ')') depth--;
  }
  const pattern = route.slice(at, end - 1);
  // Express 4 reads `(*)` as `(.*)`: only patterns without wildcards outside a class are judged.
  if (depth !== 0 || /(^|[^\\])[.*?]/.test(pattern.replace(/\[(?:\\.|[^\]\\])*\]/g, ''))) return 0;
  return regexBits(`^${pattern}$`);
}

/** Decorators whose keyed form (`@Body('user')`) is a client-built sub-object. */
const KEYED_OBJECTS = new Set(['Body', 'MessageBody']);

/**
 * `new ValidationPipe({ whitelist: true })` (or `forbidNonWhitelisted: true`): class-validator
 * drops (or rejects) every property the DTO class does not declare.
 */
export function isWhitelistingPipe(node: Expression): boolean {
  const n = unwrap(node);
  if (n.type !== 'NewExpression') return false;
  const callee = unwrap(n.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
  if (name !== 'ValidationPipe') return false;
  const opts = n.arguments[0] ? unwrap(n.arguments[0] as Expression) : undefined;
  if (opts?.type !== 'ObjectExpression') return false;
  return opts.properties.some(
    (p) =>
      p.type === 'Property' &&
      !p.computed &&
      p.key.type === 'Identifier' &&
      (p.key.name === 'whitelist' || p.key.name === 'forbidNonWhitelisted') &&
      unwrap(p.value as Expression).type === 'Literal' &&
      (unwrap(p.value as Expression) as { value?: unknown }).value === true,
  );
}

/** Events a socket or server emits itself (transport lifecycle), not messages a client sends. */
export const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connection',
  'open',
  'close',
  'disconnect',
  'disconnecting',
  'error',
  'end',
  'finish',
  'drain',
  'ping',
  'pong',
  'upgrade',
  'listening',
  'headers',
  'unexpected-response',
  'exit',
  'ready',
  'timeout',
]);

const SOCKET_RECEIVER = /^(?:socket|sock|ws|websocket|client|conn|connection|peer|io)$|Socket$|socket$/;

/** `socket.on('chat', (msg) => ...)`: handlers whose arguments are client-sent messages. */
export function isSocketMessage(receiverName: string | undefined, event: string | undefined): boolean {
  if (!receiverName || !event) return false;
  if (LIFECYCLE_EVENTS.has(event)) return false;
  return SOCKET_RECEIVER.test(receiverName);
}
