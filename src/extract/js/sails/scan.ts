// Per-file reading of a Sails.js application (see readme.md): the route table of config/routes.js,
// the policy map of config/policies.js, what each policy of api/policies/ checks, and where each
// action of api/controllers/ is. Link joins them into entry points.
import { isFunctionLike, memberPath, propertyKey, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import type { FactInput } from '../../../model/types.js';

export const SAILS_SETTING = 'sails-record';

/** A route target: an action id (`users/create`, `user/create` for `UserController.create`), an inline function, a view. */
export interface SailsRoute {
  method: string;
  path: string;
  line: number;
  action?: string;
  /** `{ fn: ... }`: the function's own check, when it has one (level), and where it is. */
  inline?: { line: number; level?: string; why?: string };
  view?: boolean;
}

export interface SailsRecord {
  root: string;
  routes?: SailsRoute[];
  /** Action id or pattern (`*`, `users/*`, `users/create`) → policy names, `true` (open) or `false` (closed). */
  policies?: Record<string, string[] | boolean>;
  policyLines?: Record<string, number>;
  /** A policy file: its name and what its body checks. */
  policy?: { name: string; level?: string; why?: string };
  /** A controller file: its actions (id → line of the function). */
  actions?: Record<string, number>;
}

const VERBS = /^(get|post|put|patch|delete|head|options|all)$/i;

/** `module.exports.routes = {...}` / `module.exports = { routes: {...} }`: the object under that name. */
function exportedObject(index: JsIndex, name: string): AstNode | undefined {
  for (const a of index.nodesOf('AssignmentExpression')) {
    const left = memberPath(a.left as AstNode)?.join('.');
    const right = unwrap(a.right as AstNode);
    if ((left === `module.exports.${name}` || left === `exports.${name}`) && right.type === 'ObjectExpression') return right;
    if (left === 'module.exports' && right.type === 'ObjectExpression') {
      for (const p of right.properties) if (p.type === 'Property' && propertyKey(p) === name && unwrap(p.value as AstNode).type === 'ObjectExpression') return unwrap(p.value as AstNode);
    }
  }
  return undefined;
}

function props(obj: AstNode): { key: string; value: AstNode; node: AstNode }[] {
  if (obj.type !== 'ObjectExpression') return [];
  const out: { key: string; value: AstNode; node: AstNode }[] = [];
  for (const p of obj.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyKey(p);
    if (key !== undefined) out.push({ key, value: unwrap(p.value as AstNode), node: p as AstNode });
  }
  return out;
}

/** `UserController.create`, `UserController`+`create`: the legacy action id `user/create`. */
function legacyAction(controller: string, action: string): string {
  return `${controller.replace(/Controller$/, '').replace(/\./g, '/').toLowerCase()}/${action}`;
}

function actionOf(target: AstNode, index: JsIndex): string | undefined {
  const s = stringValue(target, index);
  if (s !== undefined) {
    const legacy = /^([\w/.-]+Controller)\.(\w+)$/.exec(s);
    return legacy ? legacyAction(legacy[1], legacy[2]) : /^[\w-]+(\/[\w-]+)*$/.test(s) ? s : undefined;
  }
  if (target.type !== 'ObjectExpression') return undefined;
  const byProp = (k: string) => {
    const p = props(target).find((x) => x.key === k);
    return p ? stringValue(p.value, index) : undefined;
  };
  const action = byProp('action');
  const controller = byProp('controller');
  if (controller && action) return legacyAction(controller, action);
  return action;
}

/** What a function (or the function a same-file factory returns) checks about the caller. */
function judge(fn: FunctionLike | undefined, index: JsIndex): { level?: string; why?: string } {
  const v = fn ? classifyGuard(fn, index) : undefined;
  return v ? { level: v.level, why: v.why } : {};
}

const ROLE_TEST = /\b(role|roles|isAdmin|admin|isSuperAdmin|permissions?)\b/i;

/**
 * A policy answers a refusal with any of Sails' custom responses (`res.notFound()` to hide the
 * resource, `res.forbidden()`), then calls `proceed()`: `if (test on req's user) return res.x()`
 * refuses whoever fails the test; a test of the user's role is an administrator check.
 */
function policyRefusal(fn: FunctionLike, index: JsIndex): { level?: string; why?: string } {
  const body = unwrap(fn.body as AstNode | null);
  const res = fn.params[1] && unwrap(fn.params[1] as AstNode).type === 'Identifier' ? (unwrap(fn.params[1] as AstNode) as { name: string }).name : undefined;
  if (!body || body.type !== 'BlockStatement' || !res) return {};
  for (const st of body.body as AstNode[]) {
    if (st.type !== 'IfStatement' || st.alternate) continue;
    const test = index.text(st.test as AstNode);
    if (!/\breq\.(currentUser|user|session|me)\b/.test(test)) continue;
    const cons = st.consequent as AstNode;
    const ret = cons.type === 'BlockStatement' ? (cons.body as AstNode[]).find((x) => x.type === 'ReturnStatement') : cons;
    const arg = ret?.type === 'ReturnStatement' ? unwrap((ret as { argument?: AstNode }).argument) : undefined;
    if (arg?.type !== 'CallExpression' || memberPath(arg.callee as AstNode)?.[0] !== res) continue;
    return { level: ROLE_TEST.test(test) ? 'admin' : 'user', why: `refuses with ${index.text(arg.callee as AstNode)}() when ${test.slice(0, 80)}` };
  }
  return {};
}

function routeTable(obj: AstNode, index: JsIndex): SailsRoute[] {
  const out: SailsRoute[] = [];
  for (const { key, value, node } of props(obj)) {
    const m = /^\s*(?:(\w+)\s+)?(\/\S*)\s*$/.exec(key);
    if (!m || (m[1] !== undefined && !VERBS.test(m[1]))) continue;
    const method = (m[1] ?? 'all').toUpperCase();
    const route: SailsRoute = { method: method === 'ALL' ? '*' : method, path: m[2], line: index.line(node) };
    const action = actionOf(value, index);
    if (action) route.action = action;
    else if (value.type === 'ObjectExpression' && props(value).some((p) => p.key === 'view')) route.view = true;
    else {
      const fnNode = value.type === 'ObjectExpression' ? props(value).find((p) => p.key === 'fn')?.value : isFunctionLike(value) ? value : undefined;
      if (!fnNode) continue;
      // `fn: guardedServer('/x', ...)`: a same-file factory judged by the function it returns.
      let fn: FunctionLike | undefined = isFunctionLike(fnNode) ? fnNode : undefined;
      if (!fn && fnNode.type === 'CallExpression') {
        const callee = memberPath(fnNode.callee as AstNode);
        fn = callee?.length === 1 ? index.functionByName(callee[0]) : undefined;
      }
      route.inline = { line: index.line(fnNode), ...judge(fn, index) };
    }
    out.push(route);
  }
  return out;
}

function policyMap(obj: AstNode, index: JsIndex, into: SailsRecord): void {
  const policies: Record<string, string[] | boolean> = {};
  const lines: Record<string, number> = {};
  const value = (v: AstNode): string[] | boolean | undefined => {
    if (v.type === 'Literal' && typeof (v as { value: unknown }).value === 'boolean') return (v as unknown as { value: boolean }).value;
    const s = stringValue(v, index);
    if (s !== undefined) return [s];
    if (v.type !== 'ArrayExpression') return undefined;
    const names = v.elements.map((e) => (e && e.type !== 'SpreadElement' ? stringValue(e as AstNode, index) : undefined));
    return names.every((n) => n !== undefined) ? (names as string[]) : undefined;
  };
  for (const { key, value: v, node } of props(obj)) {
    // Legacy: `UserController: { '*': ..., create: ... }`.
    if (v.type === 'ObjectExpression' && /Controller$/.test(key)) {
      for (const inner of props(v)) {
        const val = value(inner.value);
        const id = legacyAction(key, inner.key);
        if (val === undefined) continue;
        policies[id] = val;
        lines[id] = index.line(inner.node);
      }
      continue;
    }
    const val = value(v);
    if (val === undefined) continue;
    policies[key] = val;
    lines[key] = index.line(node);
  }
  into.policies = policies;
  into.policyLines = lines;
}

/** The function a module exports as a whole (`module.exports = async function (req, res, proceed) {...}`). */
function exportedFunction(index: JsIndex): FunctionLike | undefined {
  for (const a of index.nodesOf('AssignmentExpression')) {
    if (memberPath(a.left as AstNode)?.join('.') !== 'module.exports') continue;
    const r = unwrap(a.right as AstNode);
    if (isFunctionLike(r)) return r;
    if (r.type === 'Identifier') return index.functionByName(r.name);
  }
  return undefined;
}

/** Actions of a controller file: an actions2 module (`fn`) is one action, a legacy controller one per function. */
function controllerActions(index: JsIndex, id: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of index.nodesOf('AssignmentExpression')) {
    if (memberPath(a.left as AstNode)?.join('.') !== 'module.exports') continue;
    const r = unwrap(a.right as AstNode);
    if (isFunctionLike(r)) out[id] = index.line(r);
    if (r.type !== 'ObjectExpression') continue;
    const fn = props(r).find((p) => p.key === 'fn' && isFunctionLike(p.value));
    if (fn) out[id] = index.line(fn.node);
    else if (/Controller$/.test(id)) for (const p of props(r)) if (isFunctionLike(p.value)) out[legacyAction(id.split('/').pop()!, p.key)] = index.line(p.node);
  }
  return out;
}

const ROUTES_FILE = /^(.*?)config\/routes\.[cm]?[jt]s$/;
const POLICIES_FILE = /^(.*?)config\/policies\.[cm]?[jt]s$/;
const POLICY_FILE = /^(.*?)api\/policies\/(.+)\.[cm]?[jt]s$/;
const CONTROLLER_FILE = /^(.*?)api\/controllers\/(.+)\.[cm]?[jt]s$/;

export function sailsPath(path: string): boolean {
  return ROUTES_FILE.test(path) || POLICIES_FILE.test(path) || POLICY_FILE.test(path) || CONTROLLER_FILE.test(path);
}

export function scanSails(index: JsIndex): FactInput[] {
  const file = index.file;
  let rec: SailsRecord | undefined;
  let m: RegExpExecArray | null;
  if ((m = ROUTES_FILE.exec(file))) {
    const obj = index.content.includes('routes') ? exportedObject(index, 'routes') : undefined;
    if (obj) rec = { root: m[1], routes: routeTable(obj, index) };
  } else if ((m = POLICIES_FILE.exec(file))) {
    const obj = index.content.includes('policies') ? exportedObject(index, 'policies') : undefined;
    if (obj) policyMap(obj, index, (rec = { root: m[1] }));
  } else if ((m = POLICY_FILE.exec(file))) {
    const fn = exportedFunction(index);
    if (fn) {
      const v = judge(fn, index);
      rec = { root: m[1], policy: { name: m[2], ...(v.level ? v : policyRefusal(fn, index)) } };
    }
  } else if ((m = CONTROLLER_FILE.exec(file))) {
    const actions = index.content.includes('module.exports') ? controllerActions(index, m[2]) : {};
    if (Object.keys(actions).length > 0) rec = { root: m[1], actions };
  }
  if (!rec) return [];
  return [{ kind: 'config', setting: SAILS_SETTING, values: { data: JSON.stringify(rec) }, evidence: index.evidence(index.program as AstNode), key: `${file}#${SAILS_SETTING}` }];
}
