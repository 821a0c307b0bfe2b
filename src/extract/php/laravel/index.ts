import type { AuthLevel, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { adminLikeText, authLikeName, routeTags } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { RANK } from '../../java/_lib/access.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { Lines } from '../../_polyglot/lines.js';
import { isPhpFile } from '../_lib/files.js';
import { readLaravelRoutes } from './routes.js';
import { authenticatingMiddleware, FRAMEWORK_AUTH_CLASSES, readMiddlewareAliases, readMiddlewareGroups, readRouteFileMiddleware } from './kernel.js';

const CONTROLLER_SETTING = 'laravel-controller-middleware';
const HANDLER_TAG = '~laravel:';
/** A `withoutMiddleware(...)` name carried to the link step, where the file's groups are known. */
const WITHOUT_TAG = '~laravel-without:';
const GROUP_SETTING = 'laravel-middleware-group';
const ALIAS_SETTING = 'laravel-middleware-alias';
const AUTH_CLASS_SETTING = 'laravel-auth-middleware';
const ROUTE_FILE_SETTING = 'laravel-route-file';
const WIRING = new Set([GROUP_SETTING, ALIAS_SETTING, AUTH_CLASS_SETTING, ROUTE_FILE_SETTING]);

/** Where the middleware of a route file comes from: groups and aliases resolved to classes. */
interface Wiring {
  groups: Map<string, string[]>;
  aliases: Map<string, string>;
  authClasses: Set<string>;
  routeFiles: Map<string, string[]>;
}

/** What a middleware alias requires. Custom aliases count only by a telling name (unknown). */
export function middlewareLevel(name: string): AuthLevel | undefined {
  const [alias, params = ''] = name.split(':');
  if (alias === 'guest' || alias === 'throttle' || alias === 'signed' || alias === 'cache.headers' || alias === 'bindings') return undefined;
  if (/^auth(?:\.basic|\.session)?$/.test(alias) || alias === 'verified' || alias === 'password.confirm') return 'user';
  if (/^(?:can|role|permission|ability|abilities|role_or_permission)$/.test(alias)) return adminLikeText(params) ? 'admin' : 'user';
  if (adminLikeText(alias)) return 'admin';
  if (authLikeName(alias)) return 'unknown';
  return undefined;
}

/** A middleware class (project or framework) that refuses requests without a credential. */
function authClass(name: string, wiring?: Wiring): boolean {
  return FRAMEWORK_AUTH_CLASSES.has(name) || (wiring?.authClasses.has(name) ?? false);
}

/** Level of one middleware name: an alias by its name, else the class it stands for, read from its body. */
function levelOf(name: string, wiring?: Wiring): AuthLevel | undefined {
  // A class named in a group (`VerifyCsrfToken`, `StartSession`) counts by what it does, never by its name.
  if (/^[A-Z]/.test(name)) return authClass(name, wiring) ? 'user' : undefined;
  const byName = middlewareLevel(name);
  if (byName && byName !== 'unknown') return byName;
  const cls = wiring?.aliases.get(name.split(':')[0]) ?? name;
  return authClass(cls, wiring) ? 'user' : byName;
}

/**
 * Auth of a route from its middleware and the groups around its file (`web`, `api`): a group counts
 * through its members, each an alias or a class.
 */
function decide(middleware: string[], fileGroups: string[] = [], wiring?: Wiring, without: string[] = []): { level: AuthLevel; evidence: string[] } {
  let level: AuthLevel = 'none';
  const evidence: string[] = [];
  const consider = (name: string, why: string): void => {
    if (without.includes(name) || without.includes(wiring?.aliases.get(name.split(':')[0]) ?? name)) return;
    const l = levelOf(name, wiring);
    if (!l) return;
    evidence.push(why);
    if (RANK[l] > RANK[level]) level = l;
  };
  for (const g of fileGroups) {
    const members = wiring?.groups.get(g);
    if (members) for (const m of members) consider(m, `middleware group '${g}' runs ${m}`);
    else consider(g, `middleware('${g}') on the route file`);
  }
  for (const m of middleware) {
    const members = wiring?.groups.get(m);
    if (members && !middlewareLevel(m)) for (const x of members) consider(x, `middleware group '${m}' runs ${x}`);
    else consider(m, `middleware('${m}')`);
  }
  return { level, evidence };
}

/** Groups the framework puts around a route file: the provider's wiring, else `api`/`web` by name. */
function fileGroupsOf(path: string, wiring: Wiring): string[] {
  const name = /routes\/([\w.-]+\.php)$/.exec(path)?.[1];
  if (!name) return [];
  const wired = wiring.routeFiles.get(name);
  if (wired) return wired;
  if (name === 'api.php') return ['api'];
  if (name === 'web.php') return ['web'];
  return [];
}

/** Middleware wiring facts of a kernel, bootstrap/app.php, a route provider or a middleware class. */
function wiringFacts(path: string, text: string, lines: Lines): FactInput[] {
  const out: FactInput[] = [];
  const at = (setting: string, key: string, values: Record<string, string>, index: number): void => {
    out.push({ kind: 'config', setting, values, evidence: lines.evidence(path, lineAt(text, index)), key: `${path}#${setting}:${key}` });
  };
  if (text.includes('middlewareGroups') || text.includes('withMiddleware') || text.includes('ToGroup(')) {
    for (const [group, members] of readMiddlewareGroups(text)) at(GROUP_SETTING, group, { group, members: members.join(',') }, Math.max(0, text.indexOf(group)));
  }
  if (text.includes('middlewareAliases') || text.includes('routeMiddleware') || text.includes('->alias(')) {
    for (const [alias, cls] of readMiddlewareAliases(text)) at(ALIAS_SETTING, alias, { alias, class: cls }, Math.max(0, text.indexOf(alias)));
  }
  if (text.includes('routes/') && (text.includes('Route::') || text.includes('withRouting'))) {
    for (const [file, middleware] of readRouteFileMiddleware(text)) at(ROUTE_FILE_SETTING, file, { file, middleware: middleware.join(',') }, Math.max(0, text.indexOf(`routes/${file}`)));
  }
  if (text.includes('function handle') || text.includes(' extends ')) {
    const cls = text.includes('Middleware') ? authenticatingMiddleware(text) : undefined;
    if (cls) at(AUTH_CLASS_SETTING, cls, { class: cls }, Math.max(0, text.indexOf(`class ${cls}`)));
  }
  return out;
}

function readWiring(facts: Fact[]): Wiring {
  const wiring: Wiring = { groups: new Map(), aliases: new Map(), authClasses: new Set(), routeFiles: new Map() };
  for (const f of facts) {
    if (f.kind !== 'config' || !WIRING.has(f.setting)) continue;
    const v = f.values;
    if (f.setting === GROUP_SETTING) wiring.groups.set(String(v.group), [...(wiring.groups.get(String(v.group)) ?? []), ...String(v.members).split(',').filter(Boolean)]);
    else if (f.setting === ALIAS_SETTING) wiring.aliases.set(String(v.alias), String(v.class));
    else if (f.setting === AUTH_CLASS_SETTING) wiring.authClasses.add(String(v.class));
    else wiring.routeFiles.set(String(v.file), String(v.middleware).split(',').filter(Boolean));
  }
  return wiring;
}

/** `routes/web.php`, `routes/api.php`, and the files an application splits them into (`routes/api.base.php`, `routes/admin-panel.php`). */
function isRoutesFile(path: string): boolean {
  return /(?:^|\/)routes\/[\w.-]+\.php$/.test(path);
}

/** A script under a web root reading request data directly: the file is the endpoint. */
function scriptFacts(path: string, text: string, lines: Lines): FactInput[] {
  if (!/\$_(?:GET|POST|REQUEST)\b/.test(text) || /^\s*(?:namespace|class)\b/m.test(text) || /(?:^|\/)(?:app|src|lib|config|routes)\//.test(path)) return [];
  const post = /\$_POST\b/.test(text);
  const method = post ? 'POST' : 'GET';
  const url = `/${path.replace(/^(?:public|www|htdocs|public_html|web)\//, '')}`;
  const guarded = /\$_SESSION\s*\[[^\]]+\][\s\S]{0,200}?(?:header\s*\(\s*['"]Location|exit|die|http_response_code\s*\(\s*40[13])/.exec(text);
  const level: AuthLevel = guarded ? (/admin|role/i.test(guarded[0]) ? 'admin' : 'user') : 'none';
  const first = /\$_(?:GET|POST|REQUEST)\b/.exec(text);
  const line = first ? lineAt(text, first.index) : 1;
  const fact: Omit<EntrypointFact, 'extractor'> = {
    kind: 'entrypoint',
    protocol: 'http',
    framework: 'php',
    method,
    path: url,
    middleware: [],
    auth: level,
    authEvidence: guarded ? ['$_SESSION check before the page runs'] : [],
    tags: routeTags(method, url, [], undefined),
    evidence: lines.evidence(path, line),
    key: `${path}#entrypoint:http ${method} ${url}`,
  };
  return [fact];
}

export const extractor: Extractor = {
  id: 'php/laravel',
  title: 'Laravel routes (middleware, groups, resources) and controller middleware; plain PHP scripts as endpoints',
  matches: isPhpFile,
  signals: ['Route::', 'middleware', 'Middleware', 'routes/', '$_GET', '$_POST', '$_REQUEST'],
  extract(file) {
    const text = blankComments(file.content, true);
    const lines = new Lines(file.content);
    const facts: FactInput[] = [];
    if (isRoutesFile(file.path)) {
      const api = /(?:^|\/)routes\/api\.php$/.test(file.path);
      for (const r of readLaravelRoutes(text, api ? '/api' : '', [])) {
        const { level, evidence } = decide(r.middleware);
        facts.push({
          kind: 'entrypoint',
          protocol: 'http',
          framework: 'laravel',
          method: r.method,
          path: r.path,
          middleware: r.middleware,
          auth: level,
          authEvidence: evidence,
          tags: routeTags(r.method, r.path, [], r.label ?? r.handler?.split('@')[1], [...(r.handler ? [`${HANDLER_TAG}${r.handler}`] : []), ...r.without.map((w) => `${WITHOUT_TAG}${w}`)]),
          evidence: lines.evidence(file.path, r.line),
          key: `${file.path}#entrypoint:http ${r.method} ${r.path}`,
        });
      }
      return facts.length > 0 ? facts : null;
    }
    const cls = /\bclass\s+(\w+Controller)\b/.exec(text)?.[1];
    if (cls) {
      for (const m of text.matchAll(/\$this\s*->\s*middleware\s*\(\s*(\[[^\]]*\]|['"][^'"]*['"])\s*\)\s*(?:->\s*(only|except)\s*\(\s*(\[[^\]]*\]|['"][^'"]*['"])\s*\))?/g)) {
        facts.push({
          kind: 'config',
          setting: CONTROLLER_SETTING,
          values: { controller: cls, middleware: [...m[1].matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]).join(','), mode: m[2] ?? null, methods: m[3] ? [...m[3].matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]).join(',') : null },
          evidence: lines.evidence(file.path, lineAt(text, m.index ?? 0)),
          key: `${file.path}#${CONTROLLER_SETTING}:${m.index}`,
        });
      }
      for (const m of text.matchAll(/\bfunction\s+(\w+)\s*\(/g)) {
        facts.push({ kind: 'config', setting: 'laravel-action', values: { controller: cls, action: m[1], file: file.path }, evidence: { file: file.path, line: lineAt(text, m.index ?? 0) }, key: `${file.path}#laravel-action:${m[1]}` });
      }
    }
    facts.push(...wiringFacts(file.path, text, lines));
    facts.push(...scriptFacts(file.path, text, lines));
    return facts.length > 0 ? facts : null;
  },
  link(facts: Fact[]): Fact[] {
    const middleware = new Map<string, { names: string[]; mode: string | null; methods: string[] }[]>();
    const actions = new Map<string, { file: string; line: number }>();
    const wiring = readWiring(facts);
    for (const f of facts) {
      if (f.kind !== 'config') continue;
      if (f.setting === CONTROLLER_SETTING) {
        const list = middleware.get(String(f.values.controller)) ?? [];
        list.push({ names: String(f.values.middleware).split(','), mode: f.values.mode === null ? null : String(f.values.mode), methods: f.values.methods ? String(f.values.methods).split(',') : [] });
        middleware.set(String(f.values.controller), list);
      } else if (f.setting === 'laravel-action') actions.set(`${f.values.controller}@${f.values.action}`, { file: String(f.values.file), line: f.evidence.line });
    }
    const out: Fact[] = [];
    for (const f of facts) {
      if (f.kind === 'config' && (f.setting === 'laravel-action' || f.setting === CONTROLLER_SETTING || WIRING.has(f.setting))) continue;
      if (f.kind !== 'entrypoint' || f.framework !== 'laravel') {
        out.push(f);
        continue;
      }
      const tag = f.tags?.find((t) => t.startsWith(HANDLER_TAG));
      const without = (f.tags ?? []).filter((t) => t.startsWith(WITHOUT_TAG)).map((t) => t.slice(WITHOUT_TAG.length));
      const handler = tag?.slice(HANDLER_TAG.length);
      const [controller, action] = handler?.split('@') ?? [];
      const extra = handler ? (middleware.get(controller) ?? []).filter((m) => m.mode === null || (m.mode === 'only' ? m.methods.includes(action) : !m.methods.includes(action))).flatMap((m) => m.names) : [];
      const all = [...f.middleware, ...extra.filter((x) => !f.middleware.includes(x))];
      const { level, evidence } = decide(all, fileGroupsOf(f.evidence.file, wiring), wiring, without);
      const next: EntrypointFact = { ...f, middleware: all, auth: level, authEvidence: evidence, tags: (f.tags ?? []).filter((t) => t !== tag && !t.startsWith(WITHOUT_TAG)) };
      const at = handler ? actions.get(handler) : undefined;
      if (at && handler) next.handler = { file: at.file, line: at.line, name: handler };
      out.push(next);
    }
    return out;
  },
};
