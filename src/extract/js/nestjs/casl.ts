// CASL abilities (`@casl/ability`): which subjects only privileged callers are granted. A policy
// decorator (`@CheckPolicies([Action.Create, Sections.POSTS_PER_MONTH])`,
// `@CheckPolicies((a) => a.can(Action.Manage, Article))`) is an admin check only when every grant
// that satisfies it sits under a role test (`if (section === Sections.ADMIN &&
// ['ADMIN','SUPERADMIN'].includes(role)) can(action, section)`, `if (user.isAdmin) can(Manage, 'all')`).
// Grants under plan or quota tests (`if (count < options.posts_per_month) can(...)`) make the
// decorator a feature limit: it leaves the route's authentication as it is.
import { calleeName, memberPath, nodesUnder, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { adminLikeText } from '../_lib/routes.js';
import { negative } from '../_lib/routes-guard-signals.js';
import { roleIn } from '../_lib/routes-guard-roles.js';

export interface CaslGrant {
  /** Constant action (`Create`, `manage`); absent when the action is a variable (any action). */
  action?: string;
  subject: string;
  /** The enum the subject constant belongs to (`WorkspaceCaslSubject` of `WorkspaceCaslSubject.Settings`). */
  owner?: string;
  /** Granted only inside a role test's passing branch. */
  gated: boolean;
}
export interface CaslRecord {
  kind: 'casl-grants';
  grants: CaslGrant[];
}

/** `Sections.ADMIN` → ADMIN, `'all'` → all, `Article` → Article. */
function constantName(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  return memberPath(n)?.pop();
}

/** A variable subject narrowed by an enclosing test (`section === Sections.CHANNEL`). */
function narrowed(name: string, at: AstNode, index: JsIndex): string | undefined {
  for (const a of index.ancestors(at)) {
    if (a.type !== 'IfStatement') continue;
    for (const b of nodesUnder(a.test as AstNode, 'BinaryExpression')) {
      if (b.operator !== '===' && b.operator !== '==') continue;
      const [l, r] = [unwrap(b.left as AstNode), unwrap(b.right as AstNode)];
      if (l.type === 'Identifier' && l.name === name) return constantName(r, index);
      if (r.type === 'Identifier' && r.name === name) return constantName(l, index);
    }
  }
  return undefined;
}

/** Inside the passing branch of a role test (not its `else`), or in a builder only a privileged role's `case` calls. */
function roleGated(at: AstNode, index: JsIndex): boolean {
  let child = at;
  for (const a of index.ancestors(at)) {
    if (a.type === 'IfStatement' && a.consequent === child && !negative(a.test as AstNode, index) && roleIn(a.test as AstNode, index) !== undefined) return true;
    child = a;
  }
  return switchGated(at, index);
}

/**
 * `switch (user.role) { case UserRole.ADMIN: return buildAdminAbility(); case UserRole.MEMBER: ... }`:
 * the grants of a builder function every call of which sits in a privileged role's case.
 */
function switchGated(at: AstNode, index: JsIndex): boolean {
  const fn = index.enclosingFunction(at);
  const name = fn ? index.functionName(fn) : undefined;
  if (!name) return false;
  const calls = index.nodesOf('CallExpression').filter((c) => calleeName(c) === name);
  return calls.length > 0 && calls.every((c) => {
    const up = index.ancestors(c);
    const kase = up.find((a) => a.type === 'SwitchCase') as (AstNode & { test: AstNode | null }) | undefined;
    const sw = kase ? (up[up.indexOf(kase) + 1] as AstNode & { discriminant?: AstNode }) : undefined;
    if (!kase?.test || !sw?.discriminant || !/role/i.test(index.text(sw.discriminant))) return false;
    const label = memberPath(unwrap(kase.test))?.pop() ?? stringValue(kase.test, index) ?? '';
    return adminLikeText(label) || /owner/i.test(label);
  });
}

export function caslRecords(index: JsIndex): { at: AstNode; data: CaslRecord; key: string }[] {
  // Cheap text test first: only ability builders.
  if (!index.content.includes('@casl/')) return [];
  const grants: CaslGrant[] = [];
  let first: AstNode | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const name = calleeName(call) ?? '';
    if (name !== 'can' && !/\.can$/.test(name)) continue;
    if (/\.can$/.test(name) && !/builder/i.test(name)) continue; // `ability.can(...)` asks, it does not grant
    const [actionArg, subjectArg] = call.arguments as AstNode[];
    const s = unwrap(subjectArg);
    if (!s) continue;
    const subject = s.type === 'Identifier' && !/^[A-Z]/.test(s.name) ? narrowed(s.name, call, index) : constantName(s, index);
    if (!subject) continue; // granting whatever was asked for (a switch that opens everything)
    const a = unwrap(actionArg);
    const action = a && a.type === 'Identifier' && !/^[A-Z]/.test(a.name) ? undefined : constantName(a, index);
    const owner = s.type === 'MemberExpression' ? memberPath(s)?.slice(-2, -1)[0] : undefined;
    grants.push({ ...(action ? { action } : {}), subject, ...(owner ? { owner } : {}), gated: roleGated(call, index) });
    first ??= call;
  }
  return first ? [{ at: first, data: { kind: 'casl-grants', grants }, key: 'casl-grants' }] : [];
}

/** The (action, subject) pairs a policy decorator requires: `[Action.Create, Sections.X]` tuples or `.can(Action.Read, Article)`. */
function required(args: string): { action: string; subject: string }[] {
  const last = (s: string) => s.replace(/^['"`]|['"`]$/g, '').split('.').pop() ?? s;
  const out: { action: string; subject: string }[] = [];
  for (const m of args.matchAll(/(?:\[|\bcan\()\s*([\w.]+)\s*,\s*([\w.'"`]+)\s*[\])]/g)) out.push({ action: last(m[1]), subject: last(m[2]) });
  return out;
}

/**
 * `admin` when some requirement is only ever granted under a role test, `feature` when every
 * requirement is granted without one (a plan or quota), undefined when a requirement is not found.
 */
export function policyLevel(args: string | { action: string; subject: string; owner?: string }[] | undefined, grants: CaslGrant[]): 'admin' | 'feature' | undefined {
  const reqs: { action: string; subject: string; owner?: string }[] = typeof args === 'object' ? args : required(args ?? '');
  if (reqs.length === 0) return undefined;
  let admin = false;
  for (const r of reqs) {
    // Two abilities may share subject names (`SpaceSubject.Member`, `WorkspaceSubject.Member`): by enum where both name one.
    const sat = grants.filter((g) => (g.subject === r.subject || g.subject === 'all') && (!g.owner || !r.owner || g.owner === r.owner) && (!g.action || g.action === r.action || /^manage$/i.test(g.action)));
    if (sat.length === 0) return undefined;
    if (sat.every((g) => g.gated)) admin = true;
  }
  return admin ? 'admin' : 'feature';
}
