// FeathersJS service methods and hooks as taint entry points: what the transport hands each
// method (`find(params)`, `get(id, params)`, `create(data, params)`, `update/patch(id, data,
// params)`, `remove(id, params)`, v5 custom methods `(data, params)`) and a hook's `context`
// (`context.data`, `context.id`, `context.params.query`, `context.params.headers`).
import type { FnNode } from './taint-types.js';
import { sourceValue } from './taint-sources.js';
import type { AV } from './taint-types.js';

/**
 * A module of a Feathers application: it imports Feathers, or is a generated `services/x/x.class`
 * or `x.hooks` module (`x.service.ts` is every framework's name, so it is not enough).
 */
export function isFeathersModule(path: string, content: string): boolean {
  return /['"](?:@feathersjs\/[\w-]+|feathers(?:-[\w-]+)?)['"]/.test(content) || /(?:^|\/)services\/.*\.(?:hooks|class)\.[cm]?[jt]s$/.test(path);
}

/** Methods of a service class that are lifecycle hooks of the app, never called by a client. */
const NOT_SERVED = new Set(['constructor', 'setup', 'teardown', 'hooks', 'publish', 'mixin']);
const STANDARD = new Set(['find', 'get', 'create', 'update', 'patch', 'remove']);

/** Does a class look like a Feathers service (it has one of the standard methods)? */
export function serviceMethods(keys: readonly string[]): boolean {
  return keys.some((k) => STANDARD.has(k));
}

/**
 * A method clients call: the standard ones (custom methods are served only when the registration
 * lists them, which this module does not see; helpers like `bulkCreate` are the server's own).
 */
export function servedMethod(key: string): boolean {
  return STANDARD.has(key) && !NOT_SERVED.has(key);
}

/** A hook function: its first parameter is the hook context (`context`, `hook`, typed `HookContext`). */
export function isHookFunction(node: FnNode): boolean {
  const p = node.params[0];
  if (!p || p.type !== 'Identifier') return false;
  const ann = p.typeAnnotation?.typeAnnotation;
  if (ann && ann.type === 'TSTypeReference' && ann.typeName.type === 'Identifier' && ann.typeName.name === 'HookContext') return true;
  return p.name === 'context' || p.name === 'hook';
}

function paramsValue(name: string): AV {
  return {
    fields: new Map<string, AV | undefined>([
      ['query', sourceValue(`${name}.query`, 'object', true)],
      ['headers', sourceValue(`${name}.headers`, 'strings')],
      ['route', sourceValue(`${name}.route`, 'strings')],
    ]),
  };
}

/** The value a Feathers transport passes as parameter `i` of service method `method` (`hook`: a hook's context). */
export function feathersParam(method: string, i: number, name: string | undefined): AV | undefined {
  const label = name ?? `param${i}`;
  const id = () => sourceValue(`${label} (service id)`, 'string');
  const data = () => sourceValue(`${label} (service data)`, 'object', true);
  if (method === 'hook') {
    if (i !== 0) return undefined;
    return { fields: new Map<string, AV | undefined>([['data', sourceValue(`${label}.data`, 'object', true)], ['id', sourceValue(`${label}.id`, 'string')], ['params', paramsValue(`${label}.params`)]]) };
  }
  const order: Record<string, string[]> = { find: ['params'], get: ['id', 'params'], remove: ['id', 'params'], create: ['data', 'params'], update: ['id', 'data', 'params'], patch: ['id', 'data', 'params'] };
  const role = (order[method] ?? ['data', 'params'])[i];
  if (role === 'id') return id();
  if (role === 'data') return data();
  if (role === 'params') return paramsValue(label);
  return undefined;
}
