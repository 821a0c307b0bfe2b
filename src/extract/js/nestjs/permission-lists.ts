// Permission-list guards: the handler's metadata is the list of permissions a caller must hold
// (`@Allow(Permission.ReadCatalog)` = `SetMetadata(PERMISSIONS_KEY, [...])`), and the guard lets a
// route through when that list is missing or names an open marker, before it checks anyone:
//   const permissions = this.reflector.get(PERMISSIONS_KEY, ctx.getHandler());
//   const isPublic = !!permissions && permissions.includes(Permission.Public);
//   if (authDisabled || !permissions || isPublic) { return true; } else { ...throw }
// As an APP_GUARD it authenticates nothing by itself (a policy guard): link judges each route by
// the list its decorator sets, wherever the route sits (plugins of a monorepo import the decorator
// from the package that registers the guard). A list naming an open marker is declared public;
// other permissions need a caller holding them, judged as role arguments are.
import { memberPath, orParts, stringValue, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { MwRef } from '../_lib/routes.js';
import { decides, metadataRead, returnsTrue, type PolicyGuardRecord } from './guard-policies.js';
import { keysOf, NEST_KEYS, type PublicKeys } from './public-keys.js';

export interface PermissionList {
  /** Metadata keys the list is read from (`#PERMISSIONS_KEY`, or the literal). */
  keys: string[];
  /** Markers whose presence in the list passes the route (`Public`). */
  open: string[];
  why: string;
}

/** `x`, `x.length`: the list variable a test part reads. */
function listName(node: AstNode): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  const path = memberPath(n);
  return path && path.length === 2 && path[1] === 'length' ? path[0] : undefined;
}

/** `list.includes(X.Public)`, also behind `!!list &&` or `list?.`: the marker's last name. */
function membership(node: AstNode | undefined, list: string, index: JsIndex): string | undefined {
  let n = unwrap(node);
  if (n && n.type === 'LogicalExpression' && n.operator === '&&') n = unwrap(n.right as AstNode);
  if (n && n.type === 'ChainExpression') n = unwrap(n.expression as AstNode);
  if (!n || n.type !== 'CallExpression' || n.arguments.length !== 1) return undefined;
  const callee = memberPath(unwrap(n.callee as AstNode));
  if (!callee || callee.length !== 2 || callee[0] !== list || callee[1] !== 'includes') return undefined;
  const arg = unwrap(n.arguments[0] as AstNode);
  return stringValue(arg, index) ?? memberPath(arg)?.pop();
}

/**
 * The `||`-parts of a `return true` test: at least one says the list is missing (`!list`), the
 * others are an open marker in the list or a flag read from the guard's own state
 * (`this.config.disableAuth`), never from the request. The markers, or undefined.
 */
function openTest(test: AstNode, list: string, index: JsIndex): string[] | undefined {
  const parts = orParts(test);
  let absent = false;
  const open: string[] = [];
  for (const p of parts) {
    if (p.type === 'UnaryExpression' && p.operator === '!' && listName(p.argument as AstNode) === list) {
      absent = true;
      continue;
    }
    const init = p.type === 'Identifier' ? unwrapAwait(index.initAt(p.name, p)) : p;
    const marker = membership(init, list, index);
    if (marker) {
      open.push(marker);
      continue;
    }
    if (init && memberPath(unwrap(init))?.[0] === 'this') continue;
    return undefined;
  }
  return absent ? open : undefined;
}

/** The permission list a guard's `canActivate` honours, or undefined when it is no such guard. */
export function permissionListGuard(fn: FunctionLike, index: JsIndex): PermissionList | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  let list: string | undefined;
  let keys: string[] = [];
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations as AstNode[]) {
        const id = (d as { id: AstNode }).id;
        const init = (d as { init: AstNode | null }).init ?? undefined;
        if (list || id.type !== 'Identifier' || !metadataRead(init, index)) continue;
        let call = unwrapAwait(init);
        if (call?.type === 'LogicalExpression') call = unwrapAwait(call.left as AstNode);
        keys = call?.type === 'CallExpression' ? keysOf(call.arguments[0] as AstNode, index) : [];
        if (keys.length > 0) list = id.name;
      }
      continue;
    }
    if (stmt.type === 'IfStatement' && returnsTrue(stmt.consequent as AstNode)) {
      const open = list ? openTest(stmt.test as AstNode, list, index) : undefined;
      if (open) return { keys, open, why: `passes routes without a permission list${open.length > 0 ? ` or with ${open.join(', ')} in it` : ''} and checks the caller against the others` };
      if (!stmt.alternate) continue;
    }
    if (decides(stmt)) return undefined;
  }
  return undefined;
}

/**
 * A route judged by the permission list its decorator sets for one of `lists` (from its
 * `NEST_KEYS` tag): `open` when the list names an open marker, otherwise the route's guards gain
 * the list as a role check (`@Allow(ReadCatalog)` needs a caller holding it). Undefined when the
 * route sets no such list: the guard lets it through.
 */
export function listJudgement(tag: string, lists: PolicyGuardRecord[], setters: PublicKeys, mw: MwRef[]): { mw: MwRef[]; open: boolean } | undefined {
  const { d, a } = JSON.parse(tag.slice(NEST_KEYS.length)) as { d: string[]; a?: Record<string, string[]> };
  for (const name of d) {
    const set = setters.setterKeys(name);
    const guard = set.length > 0 ? lists.find((g) => g.keys?.some((k) => set.includes(k))) : undefined;
    const values = a?.[name] ?? [];
    if (!guard || values.length === 0) continue;
    if (values.some((v) => guard.open?.includes(v))) return { mw, open: true };
    if (mw.some((r) => r.name.startsWith(`@${name}(`))) return undefined;
    const ref: MwRef = { name: `@${name}(${values.join(', ')})`, role: 'auth-role', args: values.join(','), why: `@${name}: the permissions ${guard.guard} requires` };
    return { mw: [...mw, ref], open: false };
  }
  return undefined;
}
