// Decorator controllers of an application's own decorator set: a workspace package or a local module
// that exports both a controller class decorator and HTTP-verb method decorators, used as
//   @RestController('/users')
//   export class UsersController {
//     @Get('/', { skipAuth: true }) list() {}
//     @Delete('/:id') @GlobalScope('user:delete') remove() {}
//   }
// and activated by a registry of the application that mounts each route behind its authentication
// middleware unless the route opts out. The registry builds its chain at run time, so the default is
// inferred: when some route of the decorator set declares an opt-out flag (`skipAuth: true`,
// `isPublic: true`), routes without it are authenticated; otherwise their access is `unknown`.
import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { decodeMeta, encodeMeta, ROUTE_TAG, type MwRef } from '../_lib/routes.js';
import type { DecoratorInfo } from '../nestjs/decorators.js';
import { FRAMEWORKS, type DecoratorFramework } from './frameworks.js';

export const IN_HOUSE_ID = 'decorators';

/**
 * Class decorators of such a set. NestJS's own `Controller` is read by js/nestjs whatever module it
 * comes from, so it is not one of them.
 */
const CONTROLLER = /^(?:Rest|Api|Http|Web|Route)Controller$/;
const VERBS = new Map(Object.entries({ Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS', All: 'ALL' }));
/** Access decorators: `@GlobalScope('user:delete')`, `@Scopes(...)`, `@Roles('admin')`, `@RequirePermissions(...)`. */
const ACCESS = /^(?:(?:Global|Project|Org|Organization|Team|Workspace|Tenant)Scopes?|(?:Require[sd]?|Has)?(?:Scopes?|Permissions?|Roles?))$/;
/** Route options that let a request through without credentials when true. */
const OPT_OUT_KEY = /^(?:skipAuth|noAuth|isPublic|public|allowAnonymous|anonymous|unauthenticated)$/;
/** Route options that throttle the route (`rateLimit: true`, `rateLimit: { limit: 5 }`). */
const RATE_KEY = /^(?:rateLimit|rateLimited|throttle)$/;

/** Mechanism of the placeholder ref standing for the registry's default (rewritten by link). */
export const DEFAULT_AUTH = 'decorator-default-auth';
const OPT_OUT = 'js-decorator-opt-out';

const KNOWN_MODULES = new Set(FRAMEWORKS.flatMap((f) => f.modules));

/** The module a decorator set is known by across files: a package name, or a relative import resolved from the repository root. */
function moduleKey(module: string, file: string): string {
  if (!module.startsWith('.')) return module;
  return posix.normalize(posix.join(posix.dirname(file), module)).replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');
}

/** Decorator sets this file imports: a module giving a controller decorator and a verb decorator. */
export function inHouseFrameworks(index: JsIndex): DecoratorFramework[] {
  const byModule = new Map<string, Set<string>>();
  for (const b of index.bindings.values()) {
    if (b.imported === '*' || b.imported === 'default' || KNOWN_MODULES.has(b.module) || b.module.startsWith('@nestjs/')) continue;
    if (!CONTROLLER.test(b.imported) && !VERBS.has(b.imported) && !ACCESS.test(b.imported)) continue;
    byModule.set(b.module, (byModule.get(b.module) ?? new Set()).add(b.imported));
  }
  const out: DecoratorFramework[] = [];
  for (const [module, names] of byModule) {
    const controllers = [...names].filter((n) => CONTROLLER.test(n));
    if (controllers.length === 0 || ![...names].some((n) => VERBS.has(n))) continue;
    out.push({ id: IN_HOUSE_ID, modules: [module], controller: new Set(controllers), methods: VERBS, middleware: new Set(), inHouse: true });
  }
  return out;
}

/** The route options object of `@Get('/x', { skipAuth: true })` (or `@Get({ ... })`). */
function routeOptions(d: DecoratorInfo): AstNode | undefined {
  for (const a of d.args) {
    const n = unwrap(a);
    if (n.type === 'ObjectExpression') return n;
  }
  return undefined;
}

function trueKey(options: AstNode, key: RegExp, index: JsIndex): string | undefined {
  if (options.type !== 'ObjectExpression') return undefined;
  for (const p of options.properties) {
    if (p.type !== 'Property' || p.key.type !== 'Identifier' || !key.test(p.key.name)) continue;
    const v = unwrap(p.value as AstNode);
    if (index.text(v) !== 'false' && index.text(v) !== 'undefined') return p.key.name;
  }
  return undefined;
}

/**
 * What one decorator of an in-house set says about the caller: an access decorator is a role or
 * permission check (judged by its arguments like any role guard); a verb decorator's options either
 * opt the route out of authentication or leave it to the registry's default (a placeholder link
 * resolves), and may throttle it.
 */
export function inHouseAccess(d: DecoratorInfo, imported: string, index: JsIndex): MwRef[] {
  if (ACCESS.test(imported)) {
    const args = d.args.map((a) => stringValue(a, index) ?? index.text(a)).join(',');
    const name = `@${imported}(${args})`;
    return [{ name, role: 'auth-role', args, why: name }];
  }
  if (!VERBS.has(imported)) return [];
  const options = routeOptions(d);
  const out: MwRef[] = [];
  const rate = options ? trueKey(options, RATE_KEY, index) : undefined;
  if (rate) out.push({ name: `{ ${rate} }`, role: 'rate-limit', why: `route option ${rate}` });
  const open = options ? trueKey(options, OPT_OUT_KEY, index) : undefined;
  if (open) out.push({ name: `{ ${open}: true }`, role: 'other', optedOut: true, why: `route option ${open} skips authentication` });
  else {
    const module = index.bindings.get(d.name)?.module ?? '';
    out.push({ name: `@${imported} (registry default)`, role: 'auth-unknown', mechanism: DEFAULT_AUTH, args: moduleKey(module, index.file), why: 'authentication left to the registry that mounts these controllers' });
  }
  return out;
}

/** A record that some route of this decorator set opts out of authentication, for link. */
export function optOutFact(index: JsIndex, at: AstNode, module: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: OPT_OUT, values: { module: moduleKey(module, index.file) }, evidence: index.evidence(at), key: `${index.file}#${OPT_OUT}:${index.line(at)}` };
  return fact;
}

/** Does this verb decorator opt its route out (so the set's default is to authenticate)? */
export function optsOut(d: DecoratorInfo, index: JsIndex): boolean {
  const options = routeOptions(d);
  return !!options && trueKey(options, OPT_OUT_KEY, index) !== undefined;
}

/**
 * The registry's default, once every file is read: a decorator set with an opt-out flag somewhere
 * authenticates the routes that do not use it (`user`); without one the placeholder stays `unknown`.
 */
export function linkInHouseDefaults(facts: Fact[], extractorId: string): Fact[] {
  const optingOut = new Set<string>();
  for (const f of facts) if (f.kind === 'config' && f.setting === OPT_OUT) optingOut.add(String(f.values.module));
  const rewrite = (r: MwRef): MwRef => {
    if (r.mechanism !== DEFAULT_AUTH) return r;
    const { args, mechanism: _m, ...rest } = r;
    return optingOut.has(args ?? '')
      ? { ...rest, role: 'auth-user', why: `${r.name}: routes of this decorator set authenticate unless an option skips it` }
      : { ...rest, role: 'auth-unknown' };
  };
  return facts.flatMap((f): Fact[] => {
    if (f.kind === 'config' && f.setting === OPT_OUT) return [];
    if (f.kind !== 'entrypoint' || f.extractor !== extractorId || f.framework !== IN_HOUSE_ID) return [f];
    const meta = decodeMeta(f.tags);
    if (!meta?.mw.some((r) => r.mechanism === DEFAULT_AUTH)) return [f];
    const moved: EntrypointFact = { ...f, tags: (f.tags ?? []).map((t) => (t.startsWith(ROUTE_TAG) ? encodeMeta({ ...meta, mw: meta.mw.map(rewrite) }) : t)) };
    return [moved];
  });
}
