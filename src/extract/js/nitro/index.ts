// Nuxt 3/4 server routes, standalone Nitro and plain h3 apps. File-system routes: `server/api/**`
// (served under `/api`) and `server/routes/**` (Nuxt), `routes/**` and `api/**` beside a
// nitro.config (standalone; kept by link only where that config is seen). `[id]` → `:id`,
// `[...slug]` → `*`, `index` → the folder, `x.get.ts` → GET (else ALL). `server/middleware/*`
// runs before every route: one that refuses callers without a session guards the paths it
// checks (middleware.ts). Plain h3: `createRouter().get('/x', handler)`, `app.use('/x', handler)`.
import type { Fact, FactInput } from '../../../model/types.js';
import { calleeName, calleeObject, calleeProperty, jsIndex, memberPath, nodesUnder, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { isTestFile, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { gateCalls, helperCalls } from '../nextjs/helper-calls.js';
import { handlerAuth } from '../nextjs/session-check.js';
import type { Extractor } from '../../types.js';
import { nitroDefinitions } from './definitions.js';
import { awaitedGuards, H3_DEFINE, nitroInlineAuth, resolveNitroHandler, type ResolvedNitroHandler } from './handler.js';
import { middlewareGuard } from './middleware.js';
import { h3SessionTags } from './session.js';
import { CONFIG_FILE, nitroFile, nitroRoute } from './paths.js';

const FRAMEWORK = 'nitro';
/**
 * Tag of a standalone route file, dropped by link unless a nitro.config sits at its root. Not a `~`
 * tag: another extractor's link may run the shared route linking first, which keeps only plain tags.
 */
const STANDALONE_TAG = 'nitro-needs-config:';
const CONFIG_SETTING = 'nitro-config';
const ROUTER_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'connect', 'trace', 'use', 'add', 'all']);

/** An options argument naming the role or permission a guard demands (`{ minRole: Role.ADMIN }`, `{ permission: 'write' }`). */
const ROLE_OPTION = /[{,]\s*(minRole|minimumRole|requiredRoles?|roles?|permissions?|requiredPermissions?)\s*:/;

function emitRoute(index: JsIndex, out: FactInput[], method: string, path: string, resolved: ResolvedNitroHandler, at: AstNode, extraMw: MwRef[], tags: string[]): void {
  const meta: RouteMeta = { mw: [...extraMw, ...resolved.mw], local: path };
  const evidence = index.evidence(at);
  let handler: { file: string; line: number; name?: string } | undefined;
  const fn = resolved.fn;
  if (fn) {
    const summary = summarizeHandler(fn, index);
    const own = nitroInlineAuth(fn, index);
    const { inline } = handlerAuth(own ?? summary.inline, fn, index);
    if (inline) meta.inline = own && (!inline || inline.level === 'unknown' || own.level === 'admin') ? own : inline;
    const sessionTags = h3SessionTags(fn, index);
    // A sign-in handler (it puts the caller in the session) awaits its credential steps
    // (`verifyOTPForUser`, `handleOAuthUser`): only a guard the project defines counts there.
    const signIn = sessionTags.includes('sets-session');
    const guards = awaitedGuards(fn, index).map((r) => (signIn ? { ...r, throwsOnly: true } : r));
    // Imported request helpers and throwing gates (shared with Next.js), then the project's guards called by name.
    for (const r of [...helperCalls(fn, index), ...gateCalls(fn, index), ...guards]) if (!meta.mw.some((m) => m.name === r.name)) meta.mw.push(r);
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    // `await requireUserTeam(event, slug, { minRole: TeamRole.OWNER })`: the guard is told the role the route needs.
    const roleArg = guards.some((r) => ROLE_OPTION.test(r.args ?? ''));
    const tags = [...new Set([...summary.tags, ...sessionTags, ...(roleArg ? ['permission-checked'] : [])])].sort();
    if (tags.length) meta.handlerTags = tags;
    handler = { file: index.file, line: index.line(fn), name: index.functionName(fn) ?? `${method} ${path}` };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  out.push(routeFact({ framework: FRAMEWORK, method, path, evidence, handler, meta, extraTags: [...tags, ...(resolved.websocket ? ['websocket'] : []), ...(resolved.oauth ? ['oauth-callback'] : [])] }));
}

/** The middleware guard of a `server/middleware` file, as a global guard record for link. */
function middlewareFacts(index: JsIndex, root: string, out: FactInput[], extraTags: string[]): void {
  const value = index.exports.get('default');
  const resolved = resolveNitroHandler(value, index);
  if (!resolved.fn || !value) return;
  const found = middlewareGuard(resolved.fn, index);
  if (!found) {
    // A middleware that answers requests itself (a short link's redirect) serves every path it accepts.
    if (answersRequests(resolved.fn, index)) emitRoute(index, out, 'ALL', '/*', resolved, value, [], ['middleware-route', ...extraTags]);
    return;
  }
  const text = index.text(resolved.fn as AstNode);
  // A token in a header is sent by the client on purpose; a session cookie by the browser on its own.
  const mechanism = /getCookie|parseCookies|useSession|getSession|UserSession|getServerSession/.test(text) ? 'session' : /jwt|jose|verify/i.test(text) ? 'jwt' : /authorization|bearer|token|api-?key/i.test(text) ? 'api-key' : 'session';
  const guard: MwRef = { name: `middleware ${index.file.split('/').pop()}`, role: /admin/i.test(found.why) ? 'auth-admin' : 'auth-user', mechanism, why: found.why };
  const record = { framework: FRAMEWORK, guard, ...(found.scope ? { scope: found.scope } : {}), root };
  out.push({ kind: 'config', setting: 'auth-global-guard', values: { framework: FRAMEWORK, guard: guard.name, data: JSON.stringify(record) }, summary: `Nitro middleware guard (${found.why})`, evidence: index.evidence(value), key: `${index.file}#config:auth-global-guard:nitro` });
}

/** Calls that send a response; a redirect counts unless it goes to a fixed path of the site (`/login`, `/setup/${step}`). */
const SEND_CALL = /^(sendRedirect|send|sendStream|sendWebResponse|proxyRequest|sendProxy|sendNoContent)$/;

/**
 * Does the middleware answer some requests with content of its own (`return sendRedirect(event,
 * link.url)`, `return { ... }`), from what the request asks for (`event.path`, the query)?
 */
function answersRequests(fn: FunctionLike, index: JsIndex): boolean {
  const text = index.text(fn as AstNode);
  if (!/\bevent\.path\b|getRequestURL|getQuery|getRouterParam|getRequestPath|\.node\.req\.url/.test(text)) return false;
  return nodesUnder(fn.body as AstNode, 'ReturnStatement').some((r) => {
    if (index.enclosingFunction(r) !== fn || !r.argument) return false;
    const v = unwrapAwait(r.argument as AstNode);
    if (!v || v.type !== 'CallExpression') return !!v && v.type !== 'Identifier';
    const name = (calleeName(v) ?? '').split('.').pop() ?? '';
    if (!SEND_CALL.test(name)) return false;
    if (name !== 'sendRedirect') return true;
    const target = unwrap(v.arguments[1] as AstNode | undefined);
    const fixed = target && ((target.type === 'Literal' && String((target as { value: unknown }).value).startsWith('/')) || (target.type === 'TemplateLiteral' && (target.quasis[0]?.value.raw ?? '').startsWith('/')));
    return !fixed;
  });
}

/** Is this call's receiver an h3 app or router (`createRouter()`, `createApp()`, `new H3()`), directly or by a local? */
function h3Receiver(call: CallLike, index: JsIndex): boolean {
  let obj = unwrap(calleeObject(call));
  for (let i = 0; i < 12 && obj; i++) {
    if (obj.type === 'Identifier') {
      const init = index.constInit(obj.name);
      if (!init) return false;
      obj = unwrap(init);
      continue;
    }
    if (obj.type === 'NewExpression') return /^(H3|Router)$/.test(memberPath(unwrap(obj.callee as AstNode))?.join('.') ?? '');
    if (obj.type !== 'CallExpression') return false;
    const name = calleeName(obj) ?? '';
    if (/(^|\.)(createRouter|createApp)$/.test(name)) return true;
    // `router.get(...).post(...)`: chained registrations.
    if (!ROUTER_VERBS.has(calleeProperty(obj) ?? '')) return false;
    obj = unwrap(calleeObject(obj));
  }
  return false;
}

/** Plain h3 apps and routers: `router.get('/x', defineEventHandler(fn))`, `app.use('/x', handler)`. */
function routerRoutes(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    const verb = calleeProperty(call);
    if (!verb || !ROUTER_VERBS.has(verb) || call.arguments.length < 2) continue;
    const path = stringValue(call.arguments[0] as AstNode, index);
    if (path === undefined || !path.startsWith('/') || !h3Receiver(call, index)) continue;
    const handlerArg = call.arguments[1] as AstNode;
    // `router.add('/x', handler, 'post')`, `app.use('/x', handler, { match })`.
    const method = verb === 'add' ? (stringValue(call.arguments[2] as AstNode | undefined, index) ?? 'ALL').toUpperCase() : verb === 'use' || verb === 'all' ? 'ALL' : verb.toUpperCase();
    const local = path.replace(/\*\*(:\w+)?$/, '*').replace(/\/:(\w+)\*$/, '/*');
    emitRoute(index, out, method, local, resolveNitroHandler(handlerArg, index), call as AstNode, [], ['h3-router']);
  }
}

/** h3 in a file's own text: a handler factory, the event type, a request reader. */
const H3_TEXT = /\b(defineEventHandler|eventHandler|defineCachedEventHandler|defineWebSocketHandler|defineLazyEventHandler|H3Event|getRouterParams?|readBody|readValidatedBody|getQuery|getValidatedQuery|createError)\s*[(<]/;

/** `nitro-needs-config:nitro:<root>` (standalone: a nitro.config) or `nitro-needs-config:any:<root>` (Nuxt's server/: either config). */
function needsConfig(root: string, standalone: boolean): string {
  return `${STANDALONE_TAG}${standalone ? 'nitro' : 'any'}:${root}`;
}

export const extractor: Extractor = {
  id: 'js/nitro',
  title: 'Nuxt server routes, standalone Nitro and h3 apps (file-system routes, server middleware, routers)',
  matches: (path) => (isJsFile(path) && !isTestFile(path)) || CONFIG_FILE.test(path),
  signals: ['defineEventHandler', 'eventHandler', 'EventHandler', 'Handler(', 'defineWebSocketHandler', 'defineNitroConfig', 'defineNuxtConfig', 'createRouter', 'createApp', "from 'h3'", 'from "h3"', 'H3Event'],
  extract(file, ctx) {
    const config = CONFIG_FILE.exec(file.path);
    if (config) {
      const root = config[1] ?? '';
      const fact: FactInput = { kind: 'config', setting: CONFIG_SETTING, values: { root, tool: config[2] }, summary: `${config[2]} config`, evidence: { file: file.path, line: 1 }, key: `${file.path}#config:${CONFIG_SETTING}` };
      return [fact];
    }
    const where = nitroFile(file.path);
    const plainH3 = !where && /\bfrom\s+['"]h3['"]|require\(['"]h3['"]\)/.test(file.content) && /createRouter|createApp|new H3\b/.test(file.content);
    if (!where && !plainH3 && !/\bH3Event\b|defineEventHandler|eventHandler/.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    if (plainH3) routerRoutes(index, out);
    // Other servers keep `server/api/` and `server/routes/` folders too: a file that shows no h3
    // of its own counts only beside a Nuxt or Nitro config (link); standalone folders always need one.
    const evident = !!where && !where.standalone && (index.imports('h3', 'nitropack', 'nitropack/*', '#imports') || H3_TEXT.test(file.content));
    const configTags = where && !evident ? [needsConfig(where.root, where.standalone)] : [];
    if (where?.kind === 'middleware') middlewareFacts(index, where.root, out, configTags);
    else if (where) {
      const route = nitroRoute(where);
      const value = index.exports.get('default');
      if (route && value) {
        const resolved = resolveNitroHandler(value, index);
        // A default export that is no h3 handler (a type, a constant) serves nothing.
        const v = unwrap(value);
        // A bare `(req, res) => ...` is a Node or Express handler of some other server, not Nitro's.
        const nodeStyle = resolved.fn !== undefined && resolved.mw.length === 0 && v.type !== 'CallExpression' && resolved.fn.params.length >= 2;
        const isHandler = (resolved.fn !== undefined && !nodeStyle) || resolved.oauth === true || (v.type === 'CallExpression' && H3_DEFINE.test((calleeName(v) ?? '').split('.').pop() ?? ''));
        if (isHandler) emitRoute(index, out, route.method, route.path, resolved, value, [], [where.kind === 'api' ? 'api-route' : 'server-route', ...configTags]);
      }
    }
    // Guards and handler wrappers the project defines for its routes (server/utils, or any server file).
    if (!where || where.kind !== 'middleware') {
      if (index.imports('h3', 'nitropack', 'nitropack/*', '#imports') || /(^|\/)server\//.test(file.path) || /\bH3Event\b/.test(file.content)) out.push(...nitroDefinitions(index));
    }
    return out.length > 0 ? out : null;
  },
  link(facts: Fact[]): Fact[] {
    // Route files that do not show h3 themselves count only beside a config (else `routes/` is some other framework's).
    const configs = facts.flatMap((f) => (f.kind === 'config' && f.setting === CONFIG_SETTING ? [{ tool: String(f.values.tool), root: String(f.values.root ?? '') }] : []));
    const kept = facts.filter((f) => {
      if (f.kind !== 'entrypoint') return true;
      const mark = f.tags?.find((t) => t.startsWith(STANDALONE_TAG));
      if (!mark) return true;
      const [tool, ...rest] = mark.slice(STANDALONE_TAG.length).split(':');
      const root = rest.join(':');
      return configs.some((c) => (tool === 'any' || c.tool === tool) && (c.root === root || root === (c.root === '' ? 'src' : `${c.root}/src`)));
    });
    const linked = linkRoutes(kept.filter((f) => !(f.kind === 'config' && f.setting === CONFIG_SETTING)));
    return linked.map((f) => (f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(STANDALONE_TAG)) ? { ...f, tags: f.tags.filter((t) => !t.startsWith(STANDALONE_TAG)) } : f));
  },
};
