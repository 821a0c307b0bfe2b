// Feathers hooks as middleware refs: the library hooks judged by what they are (authenticate,
// feathers-permissions, feathers-authentication-hooks, feathers-hooks-common `disallow`/`iff`),
// anything else judged like Express middleware (same-file bodies, imports resolved in link).
import { argsText } from '../_lib/routes-refs.js';
import { calleeName, memberPath, nodesUnder, requireModule, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { mwRef } from '../_lib/routes-refs.js';
import { adminLikeText, type MwRef } from '../_lib/routes.js';

/** Methods (or `all`) → the hooks that run before the service method (`before` and `around`). */
export type HookTable = Record<string, MwRef[]>;

/** Marks a hook that keeps external callers out entirely (`disallow()`, `disallow('external')`). */
export const DENY = 'feathers:disallow';

const ROLE_HOOKS = /^(checkPermissions|restrictToRoles|hasRoleOrRestrict|requireRoles?|checkRoles?)$/;
const OWNER_HOOKS = /^(restrictToOwner|restrictToUser|setField|associateCurrentUser|queryWithCurrentUser|setOwner)$/;
const USER_HOOKS = /^(restrictToAuthenticated|isAuthenticated|requireAuth)$/;
/** Hooks that run their hook arguments when a condition holds (`iff(isProvider('external'), authenticate('jwt'))`). */
const CONDITIONAL = /^(iff|when|iffElse)$/;

/** A hook's display name: its source on one line, cut short. */
export function shortText(node: AstNode, index: JsIndex): string {
  const t = index.text(node).replace(/\s+/g, ' ');
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function lastName(call: AstNode & { type: 'CallExpression' }): string {
  return (calleeName(call) ?? '').split('.').pop() ?? '';
}

/** String items of an array literal (`['admin', 'super']`), or of a string. */
function strings(node: AstNode | undefined, index: JsIndex): string[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === 'ArrayExpression') return n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [stringValue(e as AstNode, index) ?? ''] : [])).filter(Boolean);
  const s = stringValue(n, index);
  return s ? s.split(',').map((x) => x.trim()) : [];
}

function optionValue(call: AstNode & { type: 'CallExpression' }, key: string): AstNode | undefined {
  const opts = unwrap(call.arguments[0] as AstNode | undefined);
  if (!opts || opts.type !== 'ObjectExpression') return undefined;
  for (const p of opts.properties) if (p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === key) || (p.key.type === 'Literal' && p.key.value === key))) return p.value as AstNode;
  return undefined;
}

/** Role names the caller must hold: every one an administrator's makes an admin route. */
function rolesRole(roles: string[]): MwRef['role'] {
  if (roles.length === 0) return 'auth-user';
  return roles.every((r) => adminLikeText(r) || /^(super|owner|root)/i.test(r)) ? 'auth-admin' : 'auth-user';
}

/** Hook refs of one element of a hook list (a conditional hook gives the hooks it runs). */
export function hookRefs(expr: AstNode | null | undefined, index: JsIndex, depth = 0): MwRef[] {
  const node = unwrap(expr);
  if (!node || depth > 3) return [];
  if (node.type === 'SpreadElement') return [];
  if (node.type === 'CallExpression') {
    const name = lastName(node);
    const text = shortText(node, index);
    // A guard run under a condition still guards the calls it runs for; a conditional
    // `disallow` does not take the method away (see `methodCondition` for the one we read).
    if (CONDITIONAL.test(name)) return node.arguments.slice(1).flatMap((a) => (a.type === 'SpreadElement' ? [] : hookRefs(a as AstNode, index, depth + 1))).filter((r) => r.why !== DENY);
    if (name === 'disallow') {
      const args = node.arguments.map((a) => stringValue(a as AstNode, index));
      // `disallow()` / `disallow('external')`: nobody outside the server calls the method.
      if (args.length === 0 || args.includes('external')) return [{ name: text, role: 'other', why: DENY }];
      return [];
    }
    if (name === 'authenticate' && feathersAuthenticate(node, index)) {
      const strategies = node.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : strings(a as AstNode, index)));
      // `authenticate('jwt', 'anonymous')`: the anonymous strategy lets everybody through.
      if (strategies.includes('anonymous')) return [{ name: text, role: 'auth-optional', mechanism: 'jwt' }];
      return [{ name: text, role: 'auth-user', mechanism: strategies[0] ?? 'jwt', why: `${text} (Feathers authentication hook)` }];
    }
    if (ROLE_HOOKS.test(name)) {
      const roles = strings(optionValue(node, 'roles') ?? optionValue(node, 'permissions') ?? (node.arguments[0] as AstNode | undefined), index);
      return [{ name: text, role: rolesRole(roles), why: `${text} (role check)`, args: roles.join(',') }];
    }
    if (OWNER_HOOKS.test(name)) return [{ name: text, role: 'auth-user', why: `${text} (owner check)`, tags: ['object-level-authz'] }];
    if (USER_HOOKS.test(name) && imported(node, index)) return [{ name: text, role: 'auth-user', why: text }];
  }
  // An application hook in this file (`restrict()`, `authenticate()` wrapping Feathers' own).
  const path = memberPath(node.type === 'CallExpression' ? (node.callee as AstNode) : node);
  const local = path && path.length === 1 && !index.bindings.has(path[0]) ? index.functionByName(path[0]) : undefined;
  const verdict = local ? judgeHook(local as AstNode, index) : undefined;
  if (verdict) return [verdictRef({ name: shortText(node, index), args: node.type === 'CallExpression' ? argsText(node, index) : undefined }, verdict)];
  return [mwRef(node, index)];
}

/** `authenticate(...)` of @feathersjs/authentication (`hooks.authenticate`, `auth.hooks.authenticate`, the import). */
function feathersAuthenticate(call: AstNode & { type: 'CallExpression' }, index: JsIndex): boolean {
  const path = memberPath(call.callee as AstNode);
  if (!path) return false;
  const b = index.bindings.get(path[0]);
  if (b) return AUTH_MODULE.test(b.module);
  // `const { authenticate } = hooks` with `hooks` from @feathersjs/authentication.
  const from = memberPath(unwrap(index.initAt(path[0], call))) ?? destructuredFrom(path[0], index);
  if (from?.[0].startsWith('require:')) return AUTH_MODULE.test(from[0].slice('require:'.length));
  const ns = from ? index.bindings.get(from[0]) : undefined;
  if (ns) return AUTH_MODULE.test(ns.module);
  return path.length > 1 && path.includes('hooks');
}

/** `const { authenticate } = hooks`: the object a destructured name was taken from. */
function destructuredFrom(name: string, index: JsIndex): string[] | undefined {
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'ObjectPattern' || !d.init) continue;
    const has = d.id.properties.some((p) => p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier' && (unwrap(p.value as AstNode) as AstNode & { name: string }).name === name);
    if (!has) continue;
    // `const { authenticate } = require('@feathersjs/authentication').hooks`
    let init = unwrap(d.init as AstNode);
    while (init.type === 'MemberExpression') init = unwrap(init.object as AstNode);
    const module = requireModule(init);
    return module ? [`require:${module}`] : memberPath(unwrap(d.init as AstNode));
  }
  return undefined;
}

/** The callee is an import (a library hook), not a same-file function of that name. */
function imported(call: AstNode & { type: 'CallExpression' }, index: JsIndex): boolean {
  const path = memberPath(call.callee as AstNode);
  return !!path && index.bindings.has(path[0]);
}

function listRefs(value: AstNode | undefined, index: JsIndex): MwRef[] {
  const v = unwrap(value);
  if (!v) return [];
  if (v.type === 'ArrayExpression') return v.elements.flatMap((e) => (e ? hookRefs(e as AstNode, index) : []));
  if (v.type === 'Identifier') {
    const init = index.initAt(v.name, v);
    const u = unwrap(init);
    if (u && u.type === 'ArrayExpression') return listRefs(u, index);
    // `const beforeAll = cond ? [guard] : []`: set by a deployment switch, neither branch is sure.
    if (u && u.type === 'ConditionalExpression') return [];
  }
  return hookRefs(v, index);
}

const METHODS = ['find', 'get', 'create', 'update', 'patch', 'remove'];

/**
 * `iff((context) => context.method !== 'remove', disallow('external'))` in an `all` list: the
 * standard methods the condition holds for, with the hooks it runs (undefined for other conditions).
 */
function methodCondition(expr: AstNode, index: JsIndex): { methods: string[]; hooks: MwRef[] } | undefined {
  const node = unwrap(expr);
  if (node.type !== 'CallExpression' || !CONDITIONAL.test(lastName(node)) || lastName(node) === 'iffElse') return undefined;
  const cond = unwrap(node.arguments[0] as AstNode | undefined);
  if (!cond || (cond.type !== 'ArrowFunctionExpression' && cond.type !== 'FunctionExpression')) return undefined;
  const m = /^(?:\{\s*return\s+)?(?:\w+\.)?method\s*(===?|!==?)\s*['"`](\w+)['"`];?\s*\}?$/s.exec(index.text(cond.body as AstNode).trim());
  if (!m) return undefined;
  const methods = METHODS.filter((x) => (m[1].startsWith('!') ? x !== m[2] : x === m[2]));
  const hooks = node.arguments.slice(1).flatMap((a) => (a.type === 'SpreadElement' ? [] : hookRefs(a as AstNode, index, 1)));
  return { methods, hooks };
}

function addTable(table: HookTable, obj: AstNode | undefined, index: JsIndex): void {
  const o = unwrap(obj);
  if (!o) return;
  // `hooks({ around: { all: [...] } })` in v5 may also be `around: [...]`: all methods.
  if (o.type === 'ArrayExpression') {
    (table.all ??= []).push(...listRefs(o, index));
    return;
  }
  if (o.type !== 'ObjectExpression') return;
  for (const p of o.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : '';
    if (!key) continue;
    const value = unwrap(p.value as AstNode);
    if (key === 'all' && value.type === 'ArrayExpression') {
      for (const e of value.elements) {
        if (!e || e.type === 'SpreadElement') continue;
        const cond = methodCondition(e as AstNode, index);
        if (cond) for (const m of cond.methods) (table[m] ??= []).push(...cond.hooks);
        else (table.all ??= []).push(...hookRefs(e as AstNode, index));
      }
      continue;
    }
    (table[key] ??= []).push(...listRefs(value, index));
  }
}

/**
 * A hooks object (`{ before: { all, find, ... }, around: {...}, after, error }`) as the hooks that
 * run before each method; `after`/`error` hooks guard nothing. A bare array is v5's around-all.
 */
export function hookTable(node: AstNode | undefined, index: JsIndex): HookTable | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const table: HookTable = {};
  if (n.type === 'ArrayExpression') {
    addTable(table, n, index);
    return table;
  }
  if (n.type !== 'ObjectExpression') return undefined;
  let seen = false;
  for (const p of n.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : '';
    if (key === 'after' || key === 'error' || key === 'finally') {
      seen = true;
      continue;
    }
    if (key !== 'before' && key !== 'around') continue;
    seen = true;
    const v = unwrap(p.value as AstNode);
    addTable(table, v.type === 'Identifier' ? (index.initAt(v.name, v) ?? v) : v, index);
  }
  return seen ? table : undefined;
}

/** What a hook function of the application does to the caller, judged from its body. */
export interface HookVerdict {
  role: 'auth-user' | 'auth-admin' | 'deny';
  why: string;
  /** Service paths the hook lets through before its check (`if (context.path === 'analytics') return context`). */
  skips?: string[];
  /** The check can be switched off at the use site (`allowUnauthenticated`, the anonymous strategy). */
  optional?: boolean;
}

const AUTH_MODULE = /^@feathersjs\/authentication|^feathers-authentication/;
/** A test that holds for calls from outside (`params.provider` set, `!isRequestInternal(context)`). */
const EXTERNAL_TEST = /^(?:!\s*(?:\w+\.)*is\w*Internal\w*\(.*\)|(?:\w+\.)*params\.provider|(?:\w+\.)*params\.provider\s*!==?\s*(?:undefined|null)|(?:\w+\.)*isProvider\(\s*['"`](?:external|rest|socketio)['"`]\s*\)(?:\(\s*\w+\s*\))?)$/s;

/** `if (!isRequestInternal(context)) throw new Forbidden()`: the server's own calls only. */
function throwsForExternal(fn: AstNode, index: JsIndex): boolean {
  return nodesUnder(fn, 'IfStatement').some((s) => EXTERNAL_TEST.test(index.text(s.test as AstNode).trim()) && nodesUnder(s.consequent as AstNode, 'ThrowStatement').length > 0);
}
const THROWS_AUTH = /throw\s+new\s+(?:\w+\.)?(?:NotAuthenticated|Forbidden)\b|throw\s+new\s+(?:\w+\.)?(?:errors\.)?(?:NotAuthenticated|Forbidden)\(/;
const ROLE_WORDS = /\b(?:isAdmin|is_admin|admin|roles?|permissions?|isStaff|isSuperuser|superuser)\b/;
const OWNER_WORDS = /owner|creator|author|createdBy|\b(?:userId|user_id|_id|id|address)\s*!==?/i;

/** A call of Feathers' `authenticate` hook inside a function (`authenticate('jwt')(context)`, `hooks.authenticate(s)`). */
function callsAuthenticate(fn: AstNode, index: JsIndex, depth = 0): boolean {
  for (const call of nodesUnder(fn, 'CallExpression')) {
    const path = memberPath(unwrap(call.callee as AstNode).type === 'CallExpression' ? ((unwrap(call.callee as AstNode) as AstNode & { type: 'CallExpression' }).callee as AstNode) : (call.callee as AstNode));
    if (!path) continue;
    const b = index.bindings.get(path[0]);
    if (path[path.length - 1] === 'authenticate' && feathersAuthenticate(call, index)) return true;
    // A same-file wrapper of it (`authenticateAround` awaiting the file's own `authenticate(...)`).
    const local = path.length === 1 && !b && depth < 2 ? index.functionByName(path[0]) : undefined;
    if (local && (local as AstNode) !== fn && callsAuthenticate(local as AstNode, index, depth + 1)) return true;
  }
  return false;
}

export function judgeHook(fn: AstNode, index: JsIndex): HookVerdict | undefined {
  const text = index.text(fn);
  if (callsAuthenticate(fn, index)) {
    const v: HookVerdict = { role: 'auth-user', why: `${index.functionName(fn as never) ?? 'hook'} runs the Feathers authenticate hook`, optional: /allowUnauthenticated|anonymous/.test(text) };
    const skips = skippedPaths(fn, index);
    if (skips.length > 0) v.skips = skips;
    return v;
  }
  if (!THROWS_AUTH.test(text)) return undefined;
  if (throwsForExternal(fn, index)) return { role: 'deny', why: DENY };
  // A role check that also lets the record's owner through is an owner check: a signed-in user.
  const admin = ROLE_WORDS.test(text) && !OWNER_WORDS.test(text);
  if (/params\.user|\buser\b/.test(text)) return { role: admin ? 'auth-admin' : 'auth-user', why: `${index.functionName(fn as never) ?? 'hook'} throws for the caller` };
  return undefined;
}

/** `if (context.path === 'analytics') return context;` alone: the services a hook lets through unchecked. */
function skippedPaths(fn: AstNode, index: JsIndex): string[] {
  const out: string[] = [];
  for (const s of nodesUnder(fn, 'IfStatement')) {
    const m = /^(?:\w+\.)?path\s*===?\s*['"`]\/?([\w/-]+)['"`]$/.exec(index.text(s.test as AstNode).trim());
    if (!m) continue;
    const body = unwrap(s.consequent as AstNode);
    const stmts = body.type === 'BlockStatement' ? body.body : [body];
    if (stmts.length === 1 && stmts[0].type === 'ReturnStatement') out.push(m[1]);
  }
  return out;
}

/** The use-site arguments switch the check off (`authenticateAround({ allowUnauthenticated: true })`). */
export function optedOut(args: string | undefined): boolean {
  return /allowUnauthenticated\s*:\s*true|['"`]anonymous['"`]/.test(args ?? '');
}

/** A hook ref judged by a verdict on its function. */
export function verdictRef(ref: MwRef, v: HookVerdict): MwRef {
  if (v.role === 'deny') return { ...ref, role: 'other', why: DENY };
  if (v.optional && optedOut(ref.args)) return { ...ref, role: 'auth-optional', why: `${ref.name} lets unauthenticated calls through` };
  // Skipped services: the shared `unless` list, as regexes over the service's paths.
  const unless = (v.skips ?? []).map((p) => `re:^/${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/|$)`);
  return { ...ref, role: v.role, why: v.why, ...(unless.length > 0 ? { unless: [...(ref.unless ?? []), ...unless] } : {}) };
}
