// The `config` route option of each Fastify route (`fastify.get(path, { config: {...} }, handler)`,
// `fastify.route({ config, ... })`), described on the route's metadata for link, where a hook
// reading `request.routeOptions.config` (a guard definition of _lib/route-config-guards.ts) is
// weighed against it; a `rateLimit` key is @fastify/rate-limit's per-route limit.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, type AstNode, type JsIndex } from '../_lib/ast.js';
import { describeConfig } from '../_lib/route-config-guards.js';
import { decodeMeta, encodeMeta, HTTP_METHODS, ROUTE_TAG } from '../_lib/routes.js';

const ROUTE_CALLS = new Set<string>([...HTTP_METHODS, 'route']);

function configsByLine(index: JsIndex): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop || !ROUTE_CALLS.has(prop)) continue;
    const args = call.arguments as AstNode[];
    const opts = prop === 'route' ? args[0] : args.length >= 3 ? args[1] : undefined;
    if (prop === 'route' && !opts) continue;
    const config = describeConfig(opts, index);
    if (config) out.set(index.evidence(call).line, config);
  }
  return out;
}

/** Put each route's described `config` on its metadata (`RouteMeta.routeConfig`). */
export function tagRouteConfigs(facts: FactInput[], index: JsIndex): FactInput[] {
  if (!facts.some((f) => f.kind === 'entrypoint')) return facts;
  const byLine = configsByLine(index);
  if (byLine.size === 0) return facts;
  return facts.map((f) => {
    if (f.kind !== 'entrypoint') return f;
    const config = byLine.get(f.evidence.line);
    const meta = config ? decodeMeta(f.tags) : undefined;
    if (!config || !meta) return f;
    meta.routeConfig = config;
    // @fastify/rate-limit reads its per-route limit from the same option (`config: { rateLimit: { max: 5 } }`,
    // the way to limit chosen routes with `global: false`); `rateLimit: false` exempts a route instead.
    if (config.rateLimit !== undefined && config.rateLimit !== 'false') meta.mw = [...meta.mw, { name: 'config.rateLimit', role: 'rate-limit' }];
    return { ...f, tags: [...(f.tags ?? []).filter((t) => !t.startsWith(ROUTE_TAG)), encodeMeta(meta)] };
  });
}
