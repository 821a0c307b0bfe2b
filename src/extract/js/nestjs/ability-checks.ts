// An ability check at the top of a Nest handler (CASL style): `const ability = this.workspaceAbility
// .createForUser(user, workspace); if (ability.cannot(Action.Manage, Subject.Settings)) throw new
// ForbiddenException()`. What the check requires is judged in link against the ability's grants
// (casl.ts): only privileged roles are granted it → the route is an admin route. An ability built
// from a record the client names (`createForUser(user, dto.spaceId)`) is a per-record role (a space's
// admin is an ordinary user elsewhere), so it leaves the route's level alone.
import { memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { parameterOf } from './decorators.js';

/** Tag carrying the requirements of a handler's ability check, judged in link. */
export const NEST_ABILITY = '~nest-ability:';
export interface AbilityCheck {
  reqs: { action: string; subject: string; owner?: string }[];
  /** The ability is built from client input (a record's id): a per-record role. */
  scoped: boolean;
  why: string;
}

const INPUT_DECORATOR = /^(Body|Query|Param)$/;
/** Statements of the body looked at: the check comes first, after argument validation at most. */
const TOP = 5;

/** `ability.cannot(A, S)` / `!ability.can(A, S)`: the ability's name and the pair it refuses without. */
function refusal(part: AstNode): { ability: string; action: string; subject: string; owner?: string } | undefined {
  let n = unwrap(part);
  let method = 'cannot';
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    n = unwrap(n.argument as AstNode);
    method = 'can';
  }
  if (n.type !== 'CallExpression' || n.arguments.length < 2) return undefined;
  const callee = memberPath(unwrap(n.callee as AstNode));
  if (!callee || callee.length !== 2 || callee[1] !== method) return undefined;
  const [a, s] = n.arguments.map((x) => memberPath(unwrap(x as AstNode)));
  if (!a || !s) return undefined;
  return { ability: callee[0], action: a[a.length - 1], subject: s[s.length - 1], ...(s.length > 1 ? { owner: s[s.length - 2] } : {}) };
}

function parts(test: AstNode): AstNode[] {
  const u = unwrap(test);
  return u.type === 'LogicalExpression' && u.operator === '||' ? [...parts(u.left as AstNode), ...parts(u.right as AstNode)] : [u];
}

export function abilityCheck(method: AstNode, index: JsIndex): AbilityCheck | undefined {
  const fn = (method as unknown as { value: FunctionLike }).value;
  const body = fn.body as AstNode | null;
  // Cheap text test first: most handlers ask no ability.
  if (!body || body.type !== 'BlockStatement' || !/\.(cannot|can)\(/.test(index.text(body))) return undefined;
  const inputs = new Set<string>();
  for (const p of fn.params as AstNode[]) {
    const { target, decorators } = parameterOf(p);
    if (target.type === 'Identifier' && decorators.some((d) => INPUT_DECORATOR.test(d.name))) inputs.add(target.name);
  }
  for (const stmt of (body.body as AstNode[]).slice(0, TOP)) {
    if (stmt.type !== 'IfStatement' || stmt.alternate) continue;
    const why = rejects(stmt.consequent as AstNode, index);
    if (!why || !(why === 'throw' || /40[13]|orbidden|nauthori/.test(why))) continue;
    const found = parts(stmt.test as AstNode).map(refusal);
    if (found.length === 0 || found.some((f) => !f)) continue;
    const checks = found as NonNullable<ReturnType<typeof refusal>>[];
    // The ability is a local built by a call (`this.factory.createForUser(user, workspace)`).
    const init = unwrapAwait(index.initAt(checks[0].ability, stmt));
    if (!init || init.type !== 'CallExpression' || checks.some((c) => c.ability !== checks[0].ability)) continue;
    const scoped = init.arguments.some((a) => nodesUnder(a as AstNode, 'Identifier').some((i) => inputs.has(i.name)) || (unwrap(a as AstNode).type === 'Identifier' && inputs.has((unwrap(a as AstNode) as { name: string }).name)));
    return { reqs: checks.map(({ action, subject, owner }) => ({ action, subject, ...(owner ? { owner } : {}) })), scoped, why: index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 80) };
  }
  return undefined;
}
