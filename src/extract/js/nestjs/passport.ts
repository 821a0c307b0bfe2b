// Passport login steps in Nest: a guard `extends AuthGuard('google')` (or `@UseGuards(AuthGuard('google'))`)
// runs the Passport strategy of that name, and when that strategy logs a user in (OAuth/OIDC/SAML
// provider redirect and callback, a local username/password form) the route starts or completes an
// anonymous login: it guards nothing. The strategy is the class `extends PassportStrategy(Strategy,
// 'name')` (the name defaults to the strategy module's own), judged by the module its `Strategy`
// comes from or by the provider options it passes to `super({ clientID, callbackURL })`; it usually
// lives in another file than the guard, so both are recorded here and joined in link.
import { memberPath, nodesUnder, objectProp, resolveObject, stringValue, unwrap, type AstNode, type Class, type JsIndex } from '../_lib/ast.js';
import { LOGIN_STRATEGY, PROVIDER_OPTION } from '../_lib/routes-guard-passport.js';
import type { MwRef } from '../_lib/routes.js';

/** `class GoogleStrategy extends PassportStrategy(Strategy[, 'google'])`. */
export interface StrategyRecord {
  kind: 'passport-strategy';
  name: string;
  login: boolean;
  module?: string;
  /** Checks a static key each request carries (passport-headerapikey, `'api-key'`): a machine credential. */
  apiKey?: boolean;
}

/**
 * `class GoogleSSOGuard extends AuthGuard('google')`; a mixin factory `function OAuthGuard(strategy)
 * { class G extends AuthGuard(strategy) {...}; return mixin(G) }` has `strategy` ARG: the use site's
 * first argument (`OAuthGuard('google')`) names it.
 */
export interface StrategyGuardRecord {
  kind: 'passport-guard';
  guard: string;
  strategy: string;
}

const ARG = '<arg>';

/** API-key strategies: a key that a client program sends, not a person's login. */
const API_KEY_STRATEGY = /api-?key|apikey/i;

/** Strategy modules that log a user in by a provider redirect or a credential form. */
const LOGIN_MODULE = /oauth|openid|oidc|saml|^passport-(local|ldapauth|ldap|magic|passwordless)/i;

/** Strategies that check a credential every request carries, whatever their module. */
const TOKEN_STRATEGY = /bearer|jwt|api-?key|header|anonymous/i;

/** The name a strategy registers under by default: passport-google-oauth20 → google, passport-github2 → github. */
export function defaultStrategyName(module: string): string {
  if (/^openid-client(\/|$)/.test(module)) return 'oidc';
  const base = module.replace(/^@[\w.-]+\//, '').replace(/^passport-/, '').replace(/-oauth\d*$/, '');
  return /^oauth\d*$/.test(base) ? base : base.replace(/\d+$/, '');
}

function superCall(cls: Class, index: JsIndex, callee: RegExp): (AstNode & { arguments: AstNode[] }) | undefined {
  const sup = unwrap(cls.superClass as AstNode | null);
  if (!sup || sup.type !== 'CallExpression') return undefined;
  const resolved = index.resolvedCallee(sup) ?? '';
  return callee.test(resolved) ? (sup as AstNode & { arguments: AstNode[] }) : undefined;
}

/** `super({ clientID, callbackURL, ... })` in the constructor: options only a provider login passes. */
function providerOptions(cls: Class, index: JsIndex): boolean {
  for (const call of nodesUnder(cls.body as AstNode, 'CallExpression')) {
    if (unwrap(call.callee as AstNode).type !== 'Super') continue;
    const opts = resolveObject(call.arguments[0] as AstNode | undefined, index);
    if (PROVIDER_OPTION.some((o) => objectProp(opts, o) !== undefined)) return true;
  }
  return false;
}

/** Strategy classes and strategy-backed guard classes of this file. */
export function passportRecords(index: JsIndex): { at: AstNode; data: StrategyRecord | StrategyGuardRecord; key: string }[] {
  if (!index.imports('@nestjs/passport')) return [];
  const out: { at: AstNode; data: StrategyRecord | StrategyGuardRecord; key: string }[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const name = cls.id?.name;
    const strategy = superCall(cls, index, /(^|\.)PassportStrategy$/);
    if (strategy) {
      const ctor = unwrap(strategy.arguments[0]);
      const path = memberPath(ctor);
      const binding = path ? index.bindings.get(path[0]) : undefined;
      const module = binding?.module;
      const given = stringValue(strategy.arguments[1], index);
      const named = given ?? (module ? defaultStrategyName(module) : undefined);
      if (!named) continue;
      // A strategy that reads a token from each request guards (passport-azure-ad's BearerStrategy, passport-jwt).
      const reads = [module, binding?.imported, path?.join('.'), given].some((t) => !!t && TOKEN_STRATEGY.test(t));
      const login = !reads && ((module !== undefined && (LOGIN_MODULE.test(module) || LOGIN_STRATEGY.test(defaultStrategyName(module)))) || providerOptions(cls, index));
      const apiKey = [module, binding?.imported, given].some((t) => !!t && API_KEY_STRATEGY.test(t));
      out.push({ at: cls, data: { kind: 'passport-strategy', name: named, login, ...(module ? { module } : {}), ...(apiKey ? { apiKey } : {}) }, key: `passport-strategy:${named}` });
      continue;
    }
    const guard = superCall(cls, index, /(^|\.)AuthGuard$/);
    const strategyName = guard ? stringValue(guard.arguments[0], index) : undefined;
    if (name && strategyName) out.push({ at: cls, data: { kind: 'passport-guard', guard: name, strategy: strategyName }, key: `passport-guard:${name}` });
    // A mixin factory: the strategy is the factory's first parameter.
    const arg = guard ? unwrap(guard.arguments[0]) : undefined;
    const factory = arg?.type === 'Identifier' ? index.enclosingFunction(cls as unknown as AstNode) : undefined;
    const first = factory?.params[0] as AstNode | undefined;
    const factoryName = factory ? index.functionName(factory) : undefined;
    if (factoryName && first?.type === 'Identifier' && arg?.type === 'Identifier' && first.name === arg.name) {
      out.push({ at: cls, data: { kind: 'passport-guard', guard: factoryName, strategy: ARG }, key: `passport-guard:${factoryName}` });
    }
  }
  return out;
}

/** Login strategies and strategy guards of one project root, joined in link. */
export class PassportLogins {
  private readonly strategies = new Map<string, StrategyRecord>();
  private readonly guards = new Map<string, string>();

  add(root: string, rec: StrategyRecord | StrategyGuardRecord): void {
    if (rec.kind === 'passport-strategy') this.strategies.set(`${root}|${rec.name}`, rec);
    else this.guards.set(`${root}|${rec.guard}`, rec.strategy);
  }

  get empty(): boolean {
    return this.strategies.size === 0;
  }

  /**
   * A guard ref that runs a login strategy becomes a `login` step (the route is public, tagged
   * `login`); one that runs an API-key strategy authenticates a client program's key (tag
   * `machine-credential`).
   */
  rewrite(root: string, mw: MwRef[]): MwRef[] {
    if (this.strategies.size === 0) return mw;
    return mw.map((ref) => {
      const call = /^(\w+)\((['"`])([\w-]+)\2\)$/.exec(ref.name);
      const direct = call?.[1] === 'AuthGuard' ? call[3] : undefined;
      let strategy = direct ?? this.guards.get(`${root}|${ref.byName ?? ref.name}`);
      if (strategy === ARG) strategy = call?.[3];
      const rec = strategy ? this.strategies.get(`${root}|${strategy}`) : undefined;
      if (rec?.apiKey && !rec.login) return { ...ref, mechanism: 'api-key', tags: [...(ref.tags ?? []), 'machine-credential'] };
      if (!rec?.login) return ref;
      return { ...ref, role: 'login', why: `${ref.name} runs the Passport '${rec.name}' login${rec.module ? ` (${rec.module})` : ''}` };
    });
  }
}
