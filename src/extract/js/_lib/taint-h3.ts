// h3 / Nitro / Nuxt server request readers as taint sources: `readBody(event)`, `getQuery(event)`,
// `getRouterParam(event, 'id')`, `getCookie(event, 'x')`, `readMultipartFormData(event)`..., imported
// from h3 (or nitropack, `#imports`) or auto-imported by Nuxt and Nitro (then no binding is in scope).
// The handler inside `defineEventHandler(fn)` gets handler semantics: its `event` is the request
// (`event.context.params`, `event.node.req`, `event.path`).
import type { Expression } from 'oxc-parser';
import { stringValue, unwrap } from './taint-ast.js';
import type { ModRef } from './taint-types.js';
import { REDIRECT_SAFE_HEADERS, refererValue, sourceValue } from './taint-sources.js';
import { Table } from './taint-table.js';
import type { AV } from './taint-types.js';

/** Modules the readers come from. */
const H3_MODULE = /^(h3|h3-nightly|nitropack(\/runtime)?|nitro(\/[\w-]+)?|#imports)$/;

type Holds = 'object' | 'strings' | 'string';

/** What each reader returns. `key`: its second argument names the value (`getHeader(event, 'x')`). */
const READERS = new Table<{ holds: Holds; whole?: boolean; key?: boolean }>({
  readBody: { holds: 'object', whole: true },
  readRawBody: { holds: 'string' },
  readFormData: { holds: 'object', whole: true },
  readMultipartFormData: { holds: 'object' },
  getQuery: { holds: 'object', whole: true },
  getRouterParams: { holds: 'strings' },
  getRouterParam: { holds: 'string', key: true },
  getCookie: { holds: 'string', key: true },
  parseCookies: { holds: 'strings' },
  getHeader: { holds: 'string', key: true },
  getRequestHeader: { holds: 'string', key: true },
  getHeaders: { holds: 'strings' },
  getRequestHeaders: { holds: 'strings' },
  getRequestURL: { holds: 'object' },
  getRequestPath: { holds: 'string' },
  // The validator ran: only the keys it knows are left, but their values are still the client's.
  readValidatedBody: { holds: 'object' },
  getValidatedQuery: { holds: 'object' },
  getValidatedRouterParams: { holds: 'strings' },
});

/** h3's handler factories: their function argument serves requests. */
export const H3_HANDLER = /^(defineEventHandler|eventHandler|defineCachedEventHandler|cachedEventHandler|defineHandler)$/;

/**
 * The h3 name a call's callee stands for: an import from an h3 module, or a free identifier (Nuxt
 * and Nitro auto-import these; a free `readBody` in a server file is theirs).
 */
export function h3Name(callee: Expression, mod: ModRef | undefined, inScope: (name: string) => boolean): string | undefined {
  if (mod) return H3_MODULE.test(mod.module) && mod.path.length === 1 ? mod.path[0] : undefined;
  const c = unwrap(callee);
  return c.type === 'Identifier' && !inScope(c.name) ? c.name : undefined;
}

/** The request value an h3 reader returns, or undefined when `name` is none. */
export function h3Source(name: string, args: readonly Expression[]): AV | undefined {
  const r = READERS.get(name);
  if (!r) return undefined;
  const key = r.key && args[1] ? stringValue(unwrap(args[1])) : undefined;
  const label = key !== undefined ? `${name}(event, '${key}')` : `${name}(event)`;
  const v = sourceValue(label, r.holds, r.whole === true);
  return key && /header/i.test(name) && REDIRECT_SAFE_HEADERS.test(key) ? refererValue(v) : v;
}

/** The handler functions of `defineEventHandler(fn)` / `defineEventHandler({ handler, onRequest })`. */
export function h3HandlerArgs(args: readonly Expression[]): Expression[] {
  const first = args[0] ? unwrap(args[0]) : undefined;
  if (!first) return [];
  if (first.type !== 'ObjectExpression') return [first];
  const out: Expression[] = [];
  for (const p of first.properties) {
    if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') continue;
    if (p.key.name === 'handler') out.push(p.value);
    else if ((p.key.name === 'onRequest' || p.key.name === 'onBeforeResponse') && p.value.type !== 'ArrayExpression') out.push(p.value);
    else if (p.key.name === 'onRequest' && p.value.type === 'ArrayExpression') for (const e of p.value.elements) if (e && e.type !== 'SpreadElement') out.push(e);
  }
  return out;
}
