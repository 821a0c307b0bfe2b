// config/routes.rb read line by line: the routing DSL is declarative and regular, and a scope stack
// over `do ... end` blocks is enough to rebuild full paths and controller#action targets.
import { joinPath } from '../../js/_lib/routes.js';

export interface RailsRoute {
  method: string;
  path: string;
  /** `admin/users#destroy`; empty for mounts. */
  target: string;
  line: number;
  mount?: string;
  /** Routes a gem generates with a known requirement (Devise): no controller to link. */
  fixed?: { auth: 'none' | 'user'; tags: string[] };
  /** Inside a request-checking routing block (`constraints(AdminConstraint) do`, Devise `authenticate :user do`). */
  gate?: RouteGate;
}

export interface RouteGate {
  level: 'user' | 'admin';
  why: string;
}

/**
 * Routing blocks that only match a request when a check on it passes: `constraints` with a
 * constraint object (a class answering `matches?(request)`) or a lambda, and Devise's
 * `authenticate` / `authenticated` blocks (with an optional lambda on the user). Hash and regexp
 * constraints (host, subdomain, format) decide nothing about the caller.
 */
function readGate(line: string): RouteGate | undefined {
  let m = /^(authenticated?)\b\s*\(?\s*(?::(\w+))?\s*,?\s*(.*?)\)?\s*do(?:\s*\|[^|]*\|)?$/.exec(line);
  if (m) {
    const check = m[3] ?? '';
    const admin = PRIVILEGED.test(m[2] ?? '') || PRIVILEGED.test(check);
    return { level: admin ? 'admin' : 'user', why: `${m[1]}${m[2] ? ` :${m[2]}` : ''}${check ? ' with a check on the user' : ''} (Devise routing block)` };
  }
  m = /^constraints\b\s*\(?\s*(.*?)\)?\s*do(?:\s*\|[^|]*\|)?$/.exec(line);
  if (!m) return undefined;
  const expr = m[1].trim();
  const lambda = /^(?:lambda|proc|->)/.test(expr);
  if (!lambda && !/^[A-Z][\w:]*(?:\.new\b.*)?$/.test(expr)) return undefined;
  if (PRIVILEGED.test(expr)) return { level: 'admin', why: `constraints(${expr.slice(0, 60)}) only routes administrators` };
  if (/user|session|warden|auth|logged|signed|current_|member/i.test(expr)) return { level: 'user', why: `constraints(${expr.slice(0, 60)}) only routes signed-in users` };
  return undefined;
}

const PRIVILEGED = /admin|staff|superuser|super_user|moderator/i;

/**
 * `devise_for :users` (Devise's default modules; `skip:` honoured, `only:` too): sign in/out,
 * password reset and registration under `/users`. Registration edit/update/destroy authenticate
 * the scope (Devise's `authenticate_scope!`); the rest is public by design.
 */
const DEVISE: [string, string, string, 'none' | 'user', string[]][] = [
  ['sessions', 'GET', '/sign_in', 'none', ['login']],
  ['sessions', 'POST', '/sign_in', 'none', ['login']],
  ['sessions', 'DELETE', '/sign_out', 'none', []],
  ['passwords', 'GET', '/password/new', 'none', ['password-reset']],
  ['passwords', 'GET', '/password/edit', 'none', ['password-reset']],
  ['passwords', 'POST', '/password', 'none', ['password-reset']],
  ['passwords', 'PATCH', '/password', 'none', ['password-reset']],
  ['passwords', 'PUT', '/password', 'none', ['password-reset']],
  ['registrations', 'GET', '/sign_up', 'none', ['signup']],
  ['registrations', 'POST', '', 'none', ['signup']],
  ['registrations', 'GET', '/edit', 'user', []],
  ['registrations', 'PATCH', '', 'user', []],
  ['registrations', 'PUT', '', 'user', []],
  ['registrations', 'DELETE', '', 'user', []],
];

function deviseRoutes(base: string, line: string, lineNo: number): RailsRoute[] {
  const m = /^devise_for\s*\(?\s*:(\w+)(.*)$/.exec(line);
  if (!m) return [];
  const path = str(option(m[2], 'path')) ?? m[1];
  const skip = symbols(option(m[2], 'skip'));
  const only = symbols(option(m[2], 'only'));
  return DEVISE.filter(([mod]) => !skip.includes(mod) && (only.length === 0 || only.includes(mod))).map(([mod, method, suffix, auth, tags]) => ({ method, path: joinPath(joinPath(base, path), suffix), target: `devise/${mod}#${suffix.split('/').pop() || (method === 'POST' ? 'create' : 'update')}`, line: lineNo, fixed: { auth, tags: [...tags, 'devise'] } }));
}

interface Scope {
  path: string;
  module: string;
  /** Inside `resources :x do`: the resource, for member/collection and nested routes. */
  resource?: { name: string; controller: string; singular: boolean };
  kind: 'neutral' | 'scope' | 'resource' | 'member' | 'collection';
  /** `scope controller: "x", action: "y" do`: the target of routes inside that name neither. */
  scoped?: { controller?: string; action?: string };
  gate?: RouteGate;
}

const ACTIONS: [string, string, string][] = [
  ['index', 'GET', ''],
  ['create', 'POST', ''],
  ['new', 'GET', '/new'],
  ['show', 'GET', '/:id'],
  ['edit', 'GET', '/:id/edit'],
  ['update', 'PATCH', '/:id'],
  ['update', 'PUT', '/:id'],
  ['destroy', 'DELETE', '/:id'],
];

function symbols(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(/:(\w+)|['"](\w+)['"]|%i\[([^\]]*)\]/g)].flatMap((m) => (m[3] ? m[3].trim().split(/\s+/) : [m[1] ?? m[2]]));
}

function option(text: string, name: string): string | undefined {
  // `only: [:show]` or the older `:only => [:show]`.
  const m = new RegExp(String.raw`(?:\b${name}:|:${name}\s*=>)\s*(\[[^\]]*\]|%i\[[^\]]*\]|['"][^'"]*['"]|:\w+)`).exec(text);
  return m?.[1];
}

function str(value: string | undefined): string | undefined {
  return value?.replace(/^:|^['"]|['"]$/g, '');
}

/** `resource :visibility` → `visibilities`, `:status` → `statuses`, `:links` stays. */
function pluralize(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:us|ss|sh|ch|x)$/.test(name)) return `${name}es`;
  return name.endsWith('s') ? name : `${name}s`;
}

function singularize(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('ses')) return name.slice(0, -2);
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

/**
 * `resources :gems,\n  only: [:index],\n  path: "g" do`: a call continued over lines (a trailing
 * comma or an open bracket) is read as one line at its first line; the lines it ate stay empty so
 * line numbers hold.
 */
function joinContinuations(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    for (let k = i + 1; k < out.length && k - i <= 20; k++) {
      const code = out[i].replace(/\s#.*$/, '').trimEnd();
      const depth = (code.match(/[[({]/g) ?? []).length - (code.match(/[\])}]/g) ?? []).length;
      if (!code.endsWith(',') && depth <= 0) break;
      out[i] = `${code} ${out[k].replace(/\s#.*$/, '').trim()}`;
      out[k] = '';
    }
  }
  return out;
}

export function readRoutes(text: string): RailsRoute[] {
  const out: RailsRoute[] = [];
  const stack: Scope[] = [{ path: '', module: '', kind: 'neutral' }];
  const top = () => stack[stack.length - 1];
  // Every scope opened inside a gated block keeps the gate; every route declared there carries it.
  const push = (scope: Scope) => stack.push(scope.gate || !top().gate ? scope : { ...scope, gate: top().gate });
  const emit = (...routes: RailsRoute[]) => {
    const gate = top().gate;
    out.push(...(gate ? routes.map((r) => ({ ...r, gate })) : routes));
  };
  const lines = joinContinuations(text.split('\n'));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const opens = /\bdo(?:\s*\|[^|]*\|)?$/.test(line);
    const cur = top();
    const here = (() => {
      if (cur.kind === 'member' && cur.resource) return { path: joinPath(cur.path, ':id'), controller: cur.resource.controller };
      if (cur.kind === 'collection' && cur.resource) return { path: cur.path, controller: cur.resource.controller };
      if (cur.kind === 'resource' && cur.resource) return { path: joinPath(cur.path, cur.resource.singular ? '' : ':id'), controller: cur.resource.controller };
      return { path: cur.path, controller: '' };
    })();
    let m: RegExpExecArray | null;
    if (line === 'end') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    if ((m = /^(resources|resource)\s+:(\w+)(.*)$/.exec(line))) {
      const singular = m[1] === 'resource';
      const name = m[2];
      const rest = m[3];
      const controllerName = str(option(rest, 'controller')) ?? (singular ? pluralize(name) : name);
      const ownModule = str(option(rest, 'module'));
      const module = ownModule ? (cur.module ? `${cur.module}/${ownModule}` : ownModule) : cur.module;
      const controller = module ? `${module}/${controllerName}` : controllerName;
      const base = joinPath(cur.kind === 'resource' && cur.resource && !cur.resource.singular ? joinPath(cur.path, `:${singularize(cur.resource.name)}_id`) : here.path, str(option(rest, 'path')) ?? name);
      const only = option(rest, 'only');
      const except = symbols(option(rest, 'except'));
      const allowed = only ? symbols(only) : ACTIONS.map((a) => a[0]).filter((a) => !except.includes(a));
      for (const [action, method, suffix] of ACTIONS) {
        if (!allowed.includes(action) || (singular && action === 'index')) continue;
        emit({ method, path: joinPath(base, singular ? suffix.replace('/:id', '') : suffix), target: `${controller}#${action}`, line: i + 1 });
      }
      if (opens) push({ path: base, module: cur.module, resource: { name, controller, singular }, kind: 'resource' });
      continue;
    }
    if ((m = /^(namespace)\s+:(\w+)(.*)$/.exec(line))) {
      // `namespace :api, path: "api/0.6"` keeps the module and changes the URL prefix.
      const own = str(option(m[3], 'module')) ?? m[2];
      if (opens) push({ path: joinPath(cur.path, str(option(m[3], 'path')) ?? m[2]), module: cur.module ? `${cur.module}/${own}` : own, kind: 'scope' });
      continue;
    }
    if ((m = /^scope\b\s*\(?(.*)$/.exec(line))) {
      const args = m[1];
      // `scope "/x"`, `scope :x` (a path too) or `scope path: "x"`.
      const path = str(/^['"]([^'"]*)['"]/.exec(args)?.[0]) ?? /^:(\w+)\b(?!\s*=>)/.exec(args)?.[1] ?? str(option(args, 'path')) ?? '';
      const module = str(option(args, 'module'));
      // `scope module: :x` inside `resources :orders do` still nests under `/orders/:order_id`.
      const parent = cur.kind === 'resource' && cur.resource && !cur.resource.singular ? joinPath(cur.path, `:${singularize(cur.resource.name)}_id`) : cur.path;
      const controller = str(option(args, 'controller'));
      const action = str(option(args, 'action'));
      const scoped = controller || action ? { controller: controller ?? cur.scoped?.controller, action: action ?? cur.scoped?.action } : cur.scoped;
      if (opens) push({ path: joinPath(parent, path), module: module ? (cur.module ? `${cur.module}/${module}` : module) : cur.module, kind: 'scope', ...(scoped ? { scoped } : {}) });
      continue;
    }
    if ((m = /^(member|collection)\b/.exec(line)) && opens && cur.resource) {
      push({ ...cur, kind: m[1] as 'member' | 'collection' });
      continue;
    }
    if (/^devise_for\b/.test(line)) {
      emit(...deviseRoutes(cur.path, line, i + 1));
      continue;
    }
    if ((m = /^mount\s+([\w:.]+)(?:\s*=>\s*|.*\bat:\s*)['"]([^'"]+)['"]/.exec(line))) {
      emit({ method: 'ALL', path: joinPath(cur.path, m[2]), target: '', mount: m[1], line: i + 1 });
      continue;
    }
    if ((m = /^root\b\s*\(?\s*(?:to:\s*)?['"]([\w/]+#\w+)['"]/.exec(line))) {
      emit({ method: 'GET', path: joinPath(cur.path, '/') || '/', target: cur.module ? `${cur.module}/${m[1]}` : m[1], line: i + 1 });
      continue;
    }
    if ((m = /^(get|post|put|patch|delete|match)\s*\(?\s*(['"][^'"]*['"]|:\w+)(.*)$/.exec(line))) {
      const verb = m[1];
      const raw = str(m[2]) ?? '';
      const rest = m[3];
      const to = str(/=>\s*['"]([\w/]+#\w+)['"]/.exec(rest)?.[1]) ?? str(option(rest, 'to'));
      const action = str(option(rest, 'action')) ?? cur.scoped?.action ?? (m[2].startsWith(':') ? raw : raw.split('/').filter(Boolean).pop()?.replace(/\W/g, '_') ?? raw);
      const controller = str(option(rest, 'controller')) ?? cur.scoped?.controller;
      // Shorthand `post "/stories/fetch_url_attributes"` outside a resource: Rails maps it to stories#fetch_url_attributes.
      const segments = raw.split('/').filter(Boolean);
      const implied = !to && !controller && !here.controller && segments.length > 1 && segments.every((p) => /^[\w-]+$/.test(p)) ? (cur.module ? `${cur.module}/` : '') + segments.slice(0, -1).join('/') : undefined;
      let target = to ?? `${controller ?? implied ?? here.controller}#${action}`;
      // Inside a namespace Rails prefixes every target with its module (`to: "a/b#c"` too) unless it starts at the root.
      if (cur.module && to) target = to.startsWith('/') ? to.slice(1) : `${cur.module}/${to}`;
      const via = verb === 'match' ? symbols(option(rest, 'via')) : [verb];
      for (const v of via.length > 0 ? via : ['all']) emit({ method: v.toUpperCase(), path: joinPath(here.path, raw), target, line: i + 1 });
      if (opens) push({ path: here.path, module: cur.module, kind: 'neutral' });
      continue;
    }
    const gate = opens ? readGate(line) : undefined;
    if (gate) {
      push({ path: cur.path, module: cur.module, kind: 'neutral', resource: cur.resource, ...(cur.scoped ? { scoped: cur.scoped } : {}), gate: cur.gate?.level === 'admin' ? cur.gate : gate });
      continue;
    }
    if (opens || /^(?:if|unless|case|begin|while)\b/.test(line)) push({ path: cur.path, module: cur.module, kind: 'neutral', resource: cur.resource, ...(cur.scoped ? { scoped: cur.scoped } : {}) });
  }
  return out;
}
