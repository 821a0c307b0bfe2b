// AdonisJS configuration files the web rules weigh: config/session.ts (the session cookie and its
// flags, a `session` fact as express-session gives, when config/auth.ts signs users in with a session
// guard), config/shield.ts (`csrf: { enabled: true }`: CSRF tokens on every form and unsafe request, a
// `csrf` fact as csurf gives) and config/auth.ts (whether a session guard exists). v5 writes the
// options as an object literal (`const sessionConfig: SessionConfig = {...}`), v6 hands it to
// `defineConfig({...})`.
import type { Fact, FactInput } from '../../../model/types.js';
import { calleeName, literalValue, objectProp, resolveObject, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact, flag } from '../security-config/common.js';

export const CONFIG_FILE = /(^|\/)config\/(session|shield|auth)\.[cm]?[jt]s$/;
export const CONFIG_SIGNALS = ['@adonisjs/session', '@ioc:Adonis/Addons/Session', '@adonisjs/shield', '@ioc:Adonis/Addons/Shield', '@adonisjs/auth', '@ioc:Adonis/Addons/Auth'];
const SESSION_GUARD = 'adonis-session-guard';
const LIBRARY = '@adonisjs/session';

/** The options object of the file: `defineConfig({...})`, else the default export's object literal. */
function optionsOf(index: JsIndex): AstNode | undefined {
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeName(call) === 'defineConfig') {
      const o = resolveObject(call.arguments[0] as AstNode, index);
      if (o) return o;
    }
  }
  return resolveObject(index.exports.get('default'), index);
}

export function scanConfig(index: JsIndex): FactInput[] {
  const kind = /config\/(session|shield|auth)\./.exec(index.file)?.[1];
  const c = index.content;
  if (kind === 'auth') {
    // v6 `sessionGuard({...})`, v5 `driver: 'session'`.
    if (!/\bsessionGuard\s*\(|driver\s*:\s*['"]session['"]/.test(c)) return [];
    return [{ kind: 'config', setting: SESSION_GUARD, values: {}, evidence: { file: index.file, line: 1 }, key: `${index.file}#${SESSION_GUARD}` }];
  }
  const opts = optionsOf(index);
  if (!opts) return [];
  if (kind === 'shield') {
    const csrf = resolveObject(objectProp(opts, 'csrf'), index);
    if (!csrf || flag(objectProp(csrf, 'enabled'), index) !== true) return [];
    const except = unwrap(objectProp(csrf, 'exceptRoutes'));
    const exceptRoutes = except?.type === 'ArrayExpression' ? except.elements.map((e) => (e ? stringValue(e as AstNode, index) : undefined)).filter((s): s is string => !!s).join(',') : except ? 'dynamic' : '';
    return [configFact(index, csrf, 'csrf', { library: '@adonisjs/shield', exceptRoutes }, 'CSRF protection via @adonisjs/shield', '@adonisjs/shield')];
  }
  if (flag(objectProp(opts, 'enabled'), index) === false) return [];
  const cookie = resolveObject(objectProp(opts, 'cookie'), index);
  const httpOnly = flag(objectProp(cookie, 'httpOnly'), index);
  const secure = flag(objectProp(cookie, 'secure'), index);
  const sameSite = objectProp(cookie, 'sameSite');
  const values = {
    library: LIBRARY,
    optionsDynamic: !cookie && objectProp(opts, 'cookie') !== undefined,
    // The secret is the application key (config/app.ts), not a session option.
    secretOrigin: 'env',
    httpOnly: httpOnly ?? true,
    secure: secure ?? false,
    secureExplicit: secure !== null,
    sameSite: sameSite ? (stringValue(sameSite, index) ?? String(literalValue(sameSite, index) ?? 'dynamic')).toLowerCase() : null,
    store: true,
  };
  return [configFact(index, cookie ?? opts, 'session', values, `${LIBRARY} session: secure ${String(values.secure)}, sameSite ${String(values.sameSite)}`, LIBRARY)];
}

/** Keeps an Adonis session only where config/auth.ts signs users in with it; drops the markers. */
export function linkConfig(facts: Fact[]): Fact[] {
  if (!facts.some((f) => f.kind === 'config' && (f.setting === SESSION_GUARD || (f.setting === 'session' && f.values.library === LIBRARY)))) return facts;
  const guarded = new Set(facts.flatMap((f) => (f.kind === 'config' && f.setting === SESSION_GUARD ? [appRoot(f.evidence.file)] : [])));
  return facts.filter((f) => f.kind !== 'config' || (f.setting !== SESSION_GUARD && !(f.setting === 'session' && f.values.library === LIBRARY && !guarded.has(appRoot(f.evidence.file)))));
}

function appRoot(file: string): string {
  return /^(.*?)(?:^|\/)config\//.exec(file)?.[1] ?? '';
}
