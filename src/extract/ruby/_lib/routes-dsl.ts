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
}

interface Scope {
  path: string;
  module: string;
  /** Inside `resources :x do`: the resource, for member/collection and nested routes. */
  resource?: { name: string; controller: string; singular: boolean };
  kind: 'neutral' | 'scope' | 'resource' | 'member' | 'collection';
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
  const m = new RegExp(String.raw`\b${name}:\s*(\[[^\]]*\]|%i\[[^\]]*\]|['"][^'"]*['"]|:\w+)`).exec(text);
  return m?.[1];
}

function str(value: string | undefined): string | undefined {
  return value?.replace(/^:|^['"]|['"]$/g, '');
}

function singularize(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('ses')) return name.slice(0, -2);
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

export function readRoutes(text: string): RailsRoute[] {
  const out: RailsRoute[] = [];
  const stack: Scope[] = [{ path: '', module: '', kind: 'neutral' }];
  const top = () => stack[stack.length - 1];
  const lines = text.split('\n');
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
      const controllerName = str(option(rest, 'controller')) ?? (singular ? `${name}s` : name);
      const controller = cur.module ? `${cur.module}/${controllerName}` : controllerName;
      const base = joinPath(cur.kind === 'resource' && cur.resource && !cur.resource.singular ? joinPath(cur.path, `:${singularize(cur.resource.name)}_id`) : here.path, str(option(rest, 'path')) ?? name);
      const only = option(rest, 'only');
      const except = symbols(option(rest, 'except'));
      const allowed = only ? symbols(only) : ACTIONS.map((a) => a[0]).filter((a) => !except.includes(a));
      for (const [action, method, suffix] of ACTIONS) {
        if (!allowed.includes(action) || (singular && action === 'index')) continue;
        out.push({ method, path: joinPath(base, singular ? suffix.replace('/:id', '') : suffix), target: `${controller}#${action}`, line: i + 1 });
      }
      if (opens) stack.push({ path: base, module: cur.module, resource: { name, controller, singular }, kind: 'resource' });
      continue;
    }
    if ((m = /^(namespace)\s+:(\w+)/.exec(line))) {
      if (opens) stack.push({ path: joinPath(cur.path, m[2]), module: cur.module ? `${cur.module}/${m[2]}` : m[2], kind: 'scope' });
      continue;
    }
    if ((m = /^scope\b\s*\(?(.*)$/.exec(line))) {
      const args = m[1];
      const path = str(/^['"]([^'"]*)['"]/.exec(args)?.[0]) ?? str(option(args, 'path')) ?? '';
      const module = str(option(args, 'module'));
      if (opens) stack.push({ path: joinPath(cur.path, path), module: module ? (cur.module ? `${cur.module}/${module}` : module) : cur.module, kind: 'scope' });
      continue;
    }
    if ((m = /^(member|collection)\b/.exec(line)) && opens && cur.resource) {
      stack.push({ ...cur, kind: m[1] as 'member' | 'collection' });
      continue;
    }
    if ((m = /^mount\s+([\w:.]+)(?:\s*=>\s*|.*\bat:\s*)['"]([^'"]+)['"]/.exec(line))) {
      out.push({ method: 'ALL', path: joinPath(cur.path, m[2]), target: '', mount: m[1], line: i + 1 });
      continue;
    }
    if ((m = /^root\b\s*\(?\s*(?:to:\s*)?['"]([\w/]+#\w+)['"]/.exec(line))) {
      out.push({ method: 'GET', path: joinPath(cur.path, '/') || '/', target: cur.module ? `${cur.module}/${m[1]}` : m[1], line: i + 1 });
      continue;
    }
    if ((m = /^(get|post|put|patch|delete|match)\s*\(?\s*(['"][^'"]*['"]|:\w+)(.*)$/.exec(line))) {
      const verb = m[1];
      const raw = str(m[2]) ?? '';
      const rest = m[3];
      const to = str(/=>\s*['"]([\w/]+#\w+)['"]/.exec(rest)?.[1]) ?? str(option(rest, 'to'));
      const action = str(option(rest, 'action')) ?? (m[2].startsWith(':') ? raw : raw.split('/').filter(Boolean).pop()?.replace(/\W/g, '_') ?? raw);
      const controller = str(option(rest, 'controller'));
      let target = to ?? `${controller ?? here.controller}#${action}`;
      if (cur.module && to && !to.includes('/')) target = `${cur.module}/${to}`;
      const via = verb === 'match' ? symbols(option(rest, 'via')) : [verb];
      for (const v of via.length > 0 ? via : ['all']) out.push({ method: v.toUpperCase(), path: joinPath(here.path, raw), target, line: i + 1 });
      if (opens) stack.push({ path: here.path, module: cur.module, kind: 'neutral' });
      continue;
    }
    if (opens || /^(?:if|unless|case|begin|while)\b/.test(line)) stack.push({ path: cur.path, module: cur.module, kind: 'neutral', resource: cur.resource });
  }
  return out;
}
