// Public opt-outs honoured by the guard itself: a guard whose `canActivate` first lets a route
// through when it carries a metadata key (`const isPublic = this.reflector.getAllAndOverride(
// IS_PUBLIC_KEY, [ctx.getHandler(), ctx.getClass()]); if (isPublic) return true;`) does not run on a
// route decorated with what sets that key (`export const Public = () => SetMetadata(IS_PUBLIC_KEY,
// true)`), whether the guard is global, on the class or on the method. Joined in link by key (the
// literal and the constant's name, since the guard and the decorator sit in different files) and by
// the names of the decorators a route carries, whatever they are called.
import { calleeName, memberPath, stringValue, unwrap, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { MwRef } from '../_lib/routes.js';
import type { DecoratorInfo } from './decorators.js';
import type { RouteOptIn } from './opt-in-auth.js';
import { decides, metadataRead, returnsTrue } from './guard-policies.js';

/** A guard class that returns true early for routes carrying one of `keys`. */
export interface SkipGuardRecord {
  kind: 'skip-guard';
  guard: string;
  keys: string[];
}
/** A decorator factory (`Public`) that sets metadata `keys`. */
export interface KeySetterRecord {
  kind: 'key-setter';
  decorator: string;
  keys: string[];
}
export type PublicKeyRecord = SkipGuardRecord | KeySetterRecord;

/** Tag carrying a route's application decorators and directly set keys, read in link. */
export const NEST_KEYS = '~nest-keys:';
const SETTER = /^(SetMetadata|defineMetadata)$/;

/** `'isPublic'` and `#IS_PUBLIC_KEY`: the literal where known, the constant's name where named. */
export function keysOf(node: AstNode | undefined, index: JsIndex): string[] {
  const n = unwrap(node);
  if (!n) return [];
  const out: string[] = [];
  const s = stringValue(n, index);
  if (s !== undefined) out.push(s);
  const path = memberPath(n);
  if (path && n.type !== 'Literal') out.push(`#${path[path.length - 1]}`);
  return out;
}

/** The metadata read a test's `||`-part stands for: the call itself or a local it initialised. */
function presenceKeys(test: AstNode, index: JsIndex): string[] {
  const u = unwrap(test);
  if (u.type === 'LogicalExpression' && u.operator === '||') return [...presenceKeys(u.left as AstNode, index), ...presenceKeys(u.right as AstNode, index)];
  let read: AstNode | undefined = u;
  // `isPublic === true`
  if (u.type === 'BinaryExpression' && /^===?$/.test(u.operator) && unwrap(u.right as AstNode).type === 'Literal' && (unwrap(u.right as AstNode) as { value: unknown }).value === true) read = unwrap(u.left as AstNode);
  // `roles?.includes('public')` on the metadata list: only that value opens the route (`roles=public`).
  const marker = listMarker(read, index);
  if (marker) return presenceKeys(marker.list, index).map((k) => `${k}=${marker.value}`);
  if (read.type === 'Identifier') read = unwrap(index.initAt(read.name, u));
  if (!read || !metadataRead(read, index)) return [];
  let call = unwrap(read);
  if (call.type === 'AwaitExpression') call = unwrap(call.argument as AstNode);
  return call.type === 'CallExpression' ? keysOf(call.arguments[0] as AstNode, index) : [];
}

/** `list.includes(Role.Public)`, `list?.includes('public')`: the list and the value it asks for. */
function listMarker(node: AstNode, index: JsIndex): { list: AstNode; value: string } | undefined {
  let n = unwrap(node);
  if (n.type === 'ChainExpression') n = unwrap(n.expression as AstNode);
  if (n.type !== 'CallExpression' || n.arguments.length !== 1) return undefined;
  const callee = unwrap(n.callee as AstNode);
  if (callee.type !== 'MemberExpression' || callee.computed || (callee.property as AstNode & { name?: string }).name !== 'includes') return undefined;
  const arg = unwrap(n.arguments[0] as AstNode);
  const value = stringValue(arg, index) ?? (arg.type === 'MemberExpression' ? memberPath(arg)?.pop() : undefined);
  return value ? { list: callee.object as AstNode, value } : undefined;
}

/** Keys whose presence makes `canActivate` return true before anything can refuse. */
export function skipKeys(fn: FunctionLike, index: JsIndex): string[] {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return [];
  const out: string[] = [];
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'IfStatement' && !stmt.alternate && returnsTrue(stmt.consequent as AstNode)) {
      out.push(...presenceKeys(stmt.test as AstNode, index));
      continue;
    }
    if (decides(stmt)) break;
  }
  return [...new Set(out)];
}

function canActivateOf(cls: Class): FunctionLike | undefined {
  for (const m of cls.body.body) if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === 'canActivate') return m.value as FunctionLike;
  return undefined;
}

export function publicKeyRecords(index: JsIndex): { at: AstNode; data: PublicKeyRecord; key: string }[] {
  const out: { at: AstNode; data: PublicKeyRecord; key: string }[] = [];
  const content = index.content;
  if (content.includes('canActivate') && /getAllAndOverride|getAllAndMerge|\.get(<[^>\n]*>)?\(|getMetadata/.test(content)) {
    for (const cls of index.nodesOf('ClassDeclaration')) {
      const fn = cls.id ? canActivateOf(cls) : undefined;
      const keys = fn ? skipKeys(fn, index) : [];
      if (keys.length > 0) out.push({ at: cls as AstNode, data: { kind: 'skip-guard', guard: cls.id!.name, keys }, key: `skip-guard:${cls.id!.name}` });
    }
  }
  if (/SetMetadata|defineMetadata/.test(content)) {
    for (const call of index.nodesOf('CallExpression')) {
      if (!SETTER.test(calleeName(call)?.split('.').pop() ?? '')) continue;
      const keys = keysOf(call.arguments[0] as AstNode, index);
      const decorator = index.enclosingFunctionName(call as AstNode)?.split('.').pop();
      if (keys.length === 0 || !decorator || decorator === '<module>' || index.parent(call as AstNode)?.type === 'Decorator') continue;
      out.push({ at: call as AstNode, data: { kind: 'key-setter', decorator, keys }, key: `key-setter:${index.line(call as AstNode)}` });
    }
  }
  return out;
}

/** What a route's class and method decorators may set: application decorators by name, `@SetMetadata(KEY)` keys. */
export function routeKeysTag(decs: DecoratorInfo[], index: JsIndex): string | undefined {
  const names = new Set<string>();
  const keys = new Set<string>();
  // The values each decorator passes (`@Allow(Permission.Owner)` → Owner), for permission-list guards.
  const args: Record<string, string[]> = {};
  // Options turned on in an object argument (`@Authenticated({ admin: true })` → admin), for opt-in guards (opt-in-auth.ts).
  const flags: Record<string, string[]> = {};
  const flagsOf = (name: string, arg: AstNode | undefined) => {
    const on = trueOptions(arg);
    if (on.length > 0) flags[name] = [...(flags[name] ?? []), ...on];
  };
  for (const d of decs) {
    if (SETTER.test(d.name)) {
      for (const k of keysOf(d.args[0], index)) keys.add(k);
      flagsOf('SetMetadata', d.args[1]);
    } else if (/^[A-Z]/.test(d.name) && !index.bindings.get(d.name)?.module.startsWith('@nestjs/')) {
      names.add(d.name);
      const values = d.args.map((a) => stringValue(a, index) ?? memberPath(unwrap(a))?.pop()).filter((v): v is string => v !== undefined);
      if (values.length > 0) args[d.name] = [...(args[d.name] ?? []), ...values];
      flagsOf(d.name, d.args[0]);
    }
  }
  if (names.size === 0 && keys.size === 0) return undefined;
  return NEST_KEYS + JSON.stringify({ d: [...names].sort(), k: [...keys].sort(), ...(Object.keys(args).length > 0 ? { a: args } : {}), ...(Object.keys(flags).length > 0 ? { f: flags } : {}) });
}

/** `{ admin: true, permission: X }` → ['admin']: the options an object literal turns on. */
function trueOptions(arg: AstNode | undefined): string[] {
  const n = unwrap(arg);
  if (!n || n.type !== 'ObjectExpression') return [];
  const out: string[] = [];
  for (const p of n.properties as AstNode[]) {
    if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') continue;
    const v = unwrap(p.value as AstNode);
    if (v.type === 'Literal' && (v as { value: unknown }).value === true) out.push(p.key.name);
  }
  return out;
}

/** The decorators of a route's `NEST_KEYS` tag with the keys each sets and the options each turns on. */
export function routeOptIn(tag: string, setters: PublicKeys): RouteOptIn {
  const { d, k, f } = JSON.parse(tag.slice(NEST_KEYS.length)) as { d: string[]; k: string[]; f?: Record<string, string[]> };
  const map = new Map<string, string[]>();
  for (const name of d) {
    const keys = setters.setterKeys(name);
    if (keys.length > 0) map.set(name, keys);
  }
  if (k.length > 0) map.set('SetMetadata', k);
  return { setters: map, flags: f ?? {} };
}

/** Joins guards and setters; rewrites a route's guards that skip the keys its decorators set. */
export class PublicKeys {
  private readonly guards = new Map<string, string[]>();
  private readonly setters = new Map<string, string[]>();

  get empty(): boolean {
    return this.guards.size === 0;
  }

  add(rec: PublicKeyRecord): void {
    if (rec.kind === 'skip-guard') this.guards.set(rec.guard, [...(this.guards.get(rec.guard) ?? []), ...rec.keys]);
    else this.setters.set(rec.decorator, [...(this.setters.get(rec.decorator) ?? []), ...rec.keys]);
  }

  /** The keys a route's decorators set (from its `NEST_KEYS` tag). */
  keysOf(tag: string | undefined): Set<string> {
    const out = new Set<string>();
    if (!tag) return out;
    const { d, k, a } = JSON.parse(tag.slice(NEST_KEYS.length)) as { d: string[]; k: string[]; a?: Record<string, string[]> };
    for (const key of k) out.add(key);
    for (const name of d) {
      for (const key of this.setters.get(name) ?? []) {
        out.add(key);
        // `@Roles('public')` sets `roles` to a list holding `public`: `roles=public` for value-opened guards.
        for (const v of a?.[name] ?? []) out.add(`${key}=${v}`);
      }
    }
    return out;
  }

  /** The keys one decorator factory sets (`Allow` → `#PERMISSIONS_KEY`). */
  setterKeys(decorator: string): string[] {
    return this.setters.get(decorator) ?? [];
  }

  /** The guards that let this route through: they stay listed, authenticate nothing, and mark it opted out. */
  rewrite(mw: MwRef[], keys: Set<string>): MwRef[] {
    if (keys.size === 0) return mw;
    const opened: string[] = [];
    const out = mw.map((ref): MwRef => {
      const skip = ref.role === undefined ? this.guards.get(ref.byName ?? ref.name) : undefined;
      const key = skip?.find((k) => keys.has(k));
      if (key?.includes('=')) opened.push(key.slice(key.indexOf('=') + 1));
      return key ? { ...ref, role: 'other', optedOut: true, why: `${ref.name} returns true for routes with metadata ${key.replace(/^#/, '')}` } : ref;
    });
    return opened.length === 0 ? out : this.opens(out, opened);
  }

  /**
   * Global guards (APP_GUARD, `useGlobalGuards`) among `names` that return true for these keys,
   * and the list values (`roles=public` → `public`) that opened them.
   */
  globalSkips(names: string[], keys: Set<string>): { guards: string[]; opened: string[] } {
    const guards: string[] = [];
    const opened: string[] = [];
    for (const name of names) {
      const key = this.guards.get(name)?.find((k) => keys.has(k));
      if (!key) continue;
      guards.push(name);
      if (key.includes('=')) opened.push(key.slice(key.indexOf('=') + 1));
    }
    return { guards, opened };
  }

  /** The decorator whose value opened a guard (`@Roles('public')`) marks the route public: no role to hold. */
  opens(mw: MwRef[], opened: string[]): MwRef[] {
    return mw.map((ref) => (ref.role === 'auth-role' && ref.name.startsWith('@') && (ref.args ?? '').split(',').some((v) => opened.includes(v.trim())) ? { ...ref, role: 'other' as const, optedOut: true, why: `${ref.name} names a value the guard lets through` } : ref));
  }

}
