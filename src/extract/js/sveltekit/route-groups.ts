// Hooks that guard route groups by their route id (`if (!session && event.route.id?.startsWith('/(app)'))
// redirect(303, '/login')`): the id keeps the `(group)` folders the URL drops, so link matches it
// against each route's folder path, not its URL.
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { kitRouteDir } from './paths.js';
import { refuses } from './session.js';

const ROUTE_ID_GUARD = 'sveltekit-route-id-guard';
/** A negative test of a credential (`!session`, `!event.locals.user`, `token == null`). */
const MISSING = /^!\s*\(?\s*(?:await\s+)?[\w$.?]*(session|token|cookie|user|auth|jwt|logged|signed)|(session|token|user)\w*\s*={2,3}\s*(null|undefined)/i;
const RANK: Record<string, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

interface RouteIdTest {
  op: 'prefix' | 'includes';
  value: string;
}

function conjuncts(n: AstNode): AstNode[] {
  const v = unwrap(n);
  return v.type === 'LogicalExpression' && v.operator === '&&' ? [...conjuncts(v.left as AstNode), ...conjuncts(v.right as AstNode)] : [v];
}

/** `event.route.id?.startsWith('/(app)')`, `route.id.includes('(admin)')`. */
function routeIdTest(n: AstNode, index: JsIndex): RouteIdTest | undefined {
  const v = unwrap(n);
  if (v.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(v);
  if (prop !== 'startsWith' && prop !== 'includes') return undefined;
  const callee = unwrap(v.callee as AstNode);
  const obj = callee.type === 'MemberExpression' ? memberPath(unwrap(callee.object as AstNode)) : undefined;
  if (!obj || obj.at(-1) !== 'id' || obj.at(-2) !== 'route') return undefined;
  const value = stringValue(v.arguments[0] as AstNode, index);
  return value ? { op: prop === 'startsWith' ? 'prefix' : 'includes', value } : undefined;
}

/** The route-id scopes a handle refuses callers without a credential in. */
export function routeIdGuards(fn: FunctionLike, index: JsIndex, name: string): FactInput[] {
  const out: FactInput[] = [];
  for (const stmt of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (index.ancestors(stmt).find((a) => isFunctionLike(a)) !== (fn as AstNode)) continue;
    const parts = conjuncts(stmt.test as AstNode);
    const at = parts.findIndex((p) => routeIdTest(p, index));
    if (at < 0) continue;
    const test = routeIdTest(parts[at], index)!;
    const rest = parts.filter((_, i) => i !== at);
    const cons = stmt.consequent as AstNode;
    const guarded = rest.length > 0
      ? rest.every((p) => MISSING.test(index.text(p))) && refuses(cons, index)
      : nodesUnder(cons, 'IfStatement').some((inner) => MISSING.test(index.text(inner.test as AstNode)) && refuses(inner.consequent as AstNode, index));
    if (!guarded) continue;
    const root = index.file.replace(/(^|\/)src\/hooks\.server.*$/, '$1');
    out.push({
      kind: 'config',
      setting: ROUTE_ID_GUARD,
      values: { ...test, root, name, why: `${index.file.split('/').pop() ?? ''} ${name}: refuses callers without a session for route ids ${test.op === 'prefix' ? 'under' : 'containing'} ${test.value}` },
      evidence: index.evidence(stmt as AstNode),
      key: `${index.file}#${ROUTE_ID_GUARD}:${test.op}:${test.value}`,
    });
  }
  return out;
}

/** Routes whose folder path (their route id) a hook guards get that guard. */
export function linkRouteIdGuards(facts: Fact[]): Fact[] {
  const guards = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === ROUTE_ID_GUARD);
  if (guards.length === 0) return facts;
  return facts.flatMap((f): Fact[] => {
    if (f.kind === 'config' && f.setting === ROUTE_ID_GUARD) return [];
    if (f.kind !== 'entrypoint' || f.framework !== 'sveltekit' || RANK[f.auth ?? 'none'] >= RANK.user) return [f];
    const at = kitRouteDir(f.evidence.file);
    if (!at) return [f];
    const id = `/${at.dir}`.replace(/\/$/, '') || '/';
    const g = guards.find((x) => f.evidence.file.startsWith(String(x.values.root)) && (x.values.op === 'prefix' ? id.startsWith(String(x.values.value)) : id.includes(String(x.values.value))));
    if (!g) return [f];
    const linked: EntrypointFact = { ...f, auth: 'user', authEvidence: [...(f.authEvidence ?? []), String(g.values.why)], middleware: [...new Set([...(f.middleware ?? []), String(g.values.name)])] };
    return [linked];
  });
}
