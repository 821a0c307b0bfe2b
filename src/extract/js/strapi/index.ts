// Strapi (v4/v5): route configuration objects of an API (`src/api/<name>/routes/*.js`) and of a
// plugin's server (`<plugin>/server/routes`, `<plugin>/server/src/routes`): `{ method, path,
// handler: 'controller.action', config: { auth, policies, prefix } }`, in an array or in a router
// `{ type: 'admin' | 'content-api', routes: [...] }`, and core routers (`createCoreRouter(uid)`).
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, jsIndex, literalValue, nodesUnder, objectProp, resolveObject, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile, routeTags, type MwRef } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';

const EXTRACTOR = 'js/strapi';

/** `src/api/<api>/routes/x.js` (content API of the application). */
const API_ROUTES = /(?:^|\/)src\/api\/([^/]+)\/routes\/(?:[^/]+\/)*[^/]+$/;
/** `<plugin>/server/routes/...` or `<plugin>/server/src/routes/...` (a plugin's admin or content API). */
const PLUGIN_ROUTES = /(?:^|\/)([^/]+)\/server\/(?:src\/)?routes\/((?:[^/]+\/)*)[^/]+$/;

/** `'article.find'`, `'api::article.article.find'`, `'plugin::upload.content-api.find'`: a Strapi handler string. */
const HANDLER = /^(?:(?:api|plugin|admin)::[\w-]+\.)?[\w-]+(?:\.[\w-]+)+$/;

export function strapiRoutePath(path: string): boolean {
  return API_ROUTES.test(path) || PLUGIN_ROUTES.test(path);
}

/** A route object of a Strapi route file: its handler is a `controller.action` string (hapi takes functions). */
export function strapiRouteObject(file: string, o: AstNode, index: JsIndex): boolean {
  if (!strapiRoutePath(file)) return false;
  const h = stringValue(objectProp(o, 'handler'), index);
  return h !== undefined && HANDLER.test(h);
}

type ApiType = 'admin' | 'content-api';

interface Where {
  /** Plugin name (path segment of admin routes, `/api/<plugin>` for its content API), or undefined for the application's API. */
  plugin?: string;
  /** The type implied by the file's place: `routes/admin/*` or `routes/content-api/*`. */
  folderType?: ApiType;
}

function whereOf(path: string): Where | undefined {
  if (API_ROUTES.test(path)) return {};
  const m = PLUGIN_ROUTES.exec(path);
  if (!m) return undefined;
  const plugin = m[1].replace(/^strapi-plugin-/, '');
  const sub = m[2];
  const folderType = /(^|\/)content-api\//.test(sub) ? 'content-api' : /(^|\/)admin\//.test(sub) ? 'admin' : undefined;
  return { plugin, folderType };
}

/** `/api/articles` style plural of a content type's singular name (`category` → `categories`). */
function plural(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

function join(...parts: string[]): string {
  const p = parts.join('/').replace(/\/+/g, '/').replace(/\/$/, '');
  return p.startsWith('/') ? p || '/' : `/${p}`;
}

interface Route {
  method: string;
  path: string;
  handler: string;
  node: AstNode;
  config?: AstNode;
}

function routesOf(list: AstNode, index: JsIndex): Route[] {
  const out: Route[] = [];
  const arr = unwrap(list);
  if (arr.type !== 'ArrayExpression') return out;
  for (const el of arr.elements as (AstNode | null)[]) {
    const o = el ? resolveObject(el, index) : undefined;
    if (!o) continue;
    const method = stringValue(objectProp(o, 'method'), index);
    const path = stringValue(objectProp(o, 'path'), index);
    const handler = stringValue(objectProp(o, 'handler'), index);
    if (!method || path === undefined || !handler || !HANDLER.test(handler)) continue;
    out.push({ method: method.toUpperCase(), path, handler, node: o, config: resolveObject(objectProp(o, 'config'), index) });
  }
  return out;
}

/** What the file exports: `module.exports = ...` or `export default ...`. */
function exported(index: JsIndex): AstNode | undefined {
  const v = index.exports.get('default');
  return v ? unwrap(v) : undefined;
}

function entry(index: JsIndex, r: Route, type: ApiType, where: Where, routerPrefix: string | undefined, extraTags: string[] = [], evidenceNode?: AstNode): EntrypointFact {
  const cfg = r.config;
  const ownPrefix = stringValue(objectProp(cfg, 'prefix'), index) ?? routerPrefix;
  const base = type === 'admin' ? (ownPrefix ?? (where.plugin ? `/${where.plugin}` : '')) : join('/api', ownPrefix ?? (where.plugin ? `/${where.plugin}` : ''));
  const path = join(base, r.path);
  const authOff = literalValue(objectProp(cfg, 'auth'), index) === false;
  const policies = objectProp(cfg, 'policies');
  const policyText = policies ? index.text(policies) : '';
  const chain: MwRef[] = [];
  const authEvidence: string[] = [];
  const tags = [...extraTags];
  let auth: EntrypointFact['auth'];
  if (authOff) {
    auth = 'none';
    tags.push('declared-public');
    authEvidence.push('config.auth: false');
  } else if (type === 'admin' || /admin::(isAuthenticatedAdmin|hasPermissions)/.test(policyText)) {
    // Admin routes authenticate with the admin panel's strategy (an administrator's session token).
    auth = 'admin';
    chain.push({ name: 'strapi admin auth', role: 'auth-admin', why: 'Strapi admin API: admin panel authentication' });
    authEvidence.push('Strapi admin API: admin panel authentication');
  } else {
    // Content API: users-permissions (or an API token) checks the caller's role for this action;
    // anonymous callers get the Public role, whose permissions are granted at run time.
    auth = 'user';
    chain.push({ name: 'strapi content-api auth', role: 'auth-user', why: 'Strapi content API: role permission (users-permissions or API token)' });
    authEvidence.push('Strapi content API: role permission for the action (users-permissions or API token; the Public role may be granted it at run time)');
  }
  const middleware = chain.map((c) => c.name);
  if (policies) middleware.push(...nodesUnder(policies, 'Literal').map((l) => String(literalValue(l as AstNode))).filter((s) => s !== 'undefined'));
  const ev = index.evidence(evidenceNode ?? r.node);
  return {
    kind: 'entrypoint',
    extractor: EXTRACTOR,
    protocol: 'http',
    framework: 'strapi',
    method: r.method,
    path,
    handler: { file: index.file, line: ev.line, name: r.handler },
    middleware,
    auth,
    authEvidence,
    tags: routeTags(r.method, path, chain, r.handler, tags),
    evidence: ev,
    key: `${index.file}#strapi:${r.method} ${path}`,
  };
}

/** `createCoreRouter('api::article.article', { only, except, config: { find: { auth: false } } })`. */
function coreRouter(index: JsIndex, where: Where): EntrypointFact[] {
  const out: EntrypointFact[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const name = calleeProperty(call) ?? calleeName(call) ?? '';
    if (name !== 'createCoreRouter') continue;
    const uid = stringValue(call.arguments[0] as AstNode | undefined, index);
    const m = uid ? /^(?:api|plugin)::[\w-]+\.([\w-]+)$/.exec(uid) : undefined;
    if (!m) continue;
    const opts = resolveObject(call.arguments[1] as AstNode | undefined, index);
    const listed = (key: string): string[] | undefined => {
      const n = unwrap(objectProp(opts, key));
      return n?.type === 'ArrayExpression' ? (n.elements as AstNode[]).map((e) => stringValue(e, index) ?? '') : undefined;
    };
    const only = listed('only');
    const except = listed('except') ?? [];
    const config = resolveObject(objectProp(opts, 'config'), index);
    const prefix = stringValue(objectProp(opts, 'prefix'), index);
    // The plural route name is the content type's `pluralName` (its schema.json); the usual plural here.
    const base = `/${plural(m[1])}`;
    const actions: [string, string, string][] = [['find', 'GET', base], ['findOne', 'GET', `${base}/:id`], ['create', 'POST', base], ['update', 'PUT', `${base}/:id`], ['delete', 'DELETE', `${base}/:id`]];
    for (const [action, method, path] of actions) {
      if ((only && !only.includes(action)) || except.includes(action)) continue;
      const r: Route = { method, path, handler: `${uid}.${action}`, node: call, config: resolveObject(objectProp(config, action), index) };
      out.push(entry(index, r, 'content-api', where, prefix, ['crud-generated', `crud-action:${action === 'find' || action === 'findOne' ? 'read' : action}`], call));
    }
  }
  return out;
}

/** `src/api/<api>/content-types/<type>/schema.json`: the content type's route names and kind. */
const SCHEMA = /(?:^|\/)src\/api\/([^/]+)\/content-types\/([^/]+)\/schema\.json$/;
const SCHEMA_SETTING = 'strapi-content-type';

function schemaFact(path: string, content: string): FactInput[] | null {
  const m = SCHEMA.exec(path);
  if (!m) return null;
  let doc: { kind?: unknown; info?: { pluralName?: unknown; singularName?: unknown } };
  try {
    doc = JSON.parse(content) as typeof doc;
  } catch {
    return null;
  }
  const plural = typeof doc.info?.pluralName === 'string' ? doc.info.pluralName : undefined;
  const singular = typeof doc.info?.singularName === 'string' ? doc.info.singularName : undefined;
  if (!plural || !singular) return null;
  const fact: Omit<ConfigFact, 'extractor'> = {
    kind: 'config',
    setting: SCHEMA_SETTING,
    values: { uid: `api::${m[1]}.${m[2]}`, plural, singular, single: doc.kind === 'singleType' },
    evidence: { file: path, line: 1 },
    key: `${path}#${SCHEMA_SETTING}`,
  };
  return [fact];
}

/**
 * Core routes take their names from the content type's schema (`pluralName`, and a single type's
 * `singularName` without `/:id` or create): replaces the guessed plural, then drops the schema facts.
 */
function linkStrapi(facts: Fact[]): Fact[] {
  const types = new Map<string, ConfigFact>();
  for (const f of facts) if (f.kind === 'config' && f.setting === SCHEMA_SETTING) types.set(String(f.values.uid), f);
  if (types.size === 0) return facts;
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === SCHEMA_SETTING) continue;
    if (f.kind !== 'entrypoint' || f.extractor !== EXTRACTOR || !f.tags?.includes('crud-generated') || !f.handler?.name) {
      out.push(f);
      continue;
    }
    const at = f.handler.name.lastIndexOf('.');
    const uid = f.handler.name.slice(0, at);
    const action = f.handler.name.slice(at + 1);
    const t = types.get(uid);
    const guessed = `/${plural(uid.split('.').pop() ?? '')}`;
    if (!t || !f.path) {
      out.push(f);
      continue;
    }
    const single = t.values.single === true;
    if (single && (action === 'create' || action === 'findOne')) continue;
    const name = `/${String(single ? t.values.singular : t.values.plural)}`;
    const i = f.path.indexOf(guessed);
    if (i < 0) {
      out.push(f);
      continue;
    }
    const path = f.path.slice(0, i) + name + (single ? '' : f.path.slice(i + guessed.length));
    const chain: MwRef[] = f.auth === 'none' ? [] : [{ name: f.middleware[0] ?? 'strapi auth', role: f.auth === 'admin' ? 'auth-admin' : 'auth-user' }];
    const keep = (f.tags ?? []).filter((tag) => tag.startsWith('crud-') || tag === 'declared-public');
    out.push({ ...f, path, tags: routeTags(f.method, path, chain, f.handler.name, keep), key: `${f.evidence.file}#strapi:${f.method} ${path}` });
  }
  return out;
}

export const extractor: Extractor = {
  id: EXTRACTOR,
  title: 'Strapi route configuration (content API and admin API routes, auth and policies)',
  matches: (path) => (isJsFile(path) && !isTestFile(path) && strapiRoutePath(path)) || SCHEMA.test(path),
  signals: ['handler', 'createCoreRouter', 'pluralName'],
  extract(file, ctx) {
    if (file.path.endsWith('.json')) return schemaFact(file.path, file.content);
    const where = whereOf(file.path);
    if (!where) return null;
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [...coreRouter(index, where)];
    const v = exported(index);
    if (v) {
      const obj = v.type === 'ObjectExpression' ? v : undefined;
      const list = obj ? objectProp(obj, 'routes') : v;
      const declared = obj ? stringValue(objectProp(obj, 'type'), index) : undefined;
      // A plugin's bare array of routes is its admin API; an application's is its content API.
      const type: ApiType = declared === 'admin' || declared === 'content-api' ? declared : (where.folderType ?? (where.plugin && !obj ? 'admin' : 'content-api'));
      const prefix = obj ? stringValue(objectProp(obj, 'prefix'), index) : undefined;
      if (list) for (const r of routesOf(list, index)) out.push(entry(index, r, type, where, prefix));
    }
    return out.length > 0 ? out : null;
  },
  link: linkStrapi,
};
