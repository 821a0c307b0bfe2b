// NextAuth / Auth.js sign-in providers. The catch-all route (`[...nextauth]`) answers every
// sign-in under one path, so the entry points a reviewer cares about are hidden behind it: the
// credentials login (`POST /api/auth/callback/<id>`, password guessing) and the e-mail magic link
// (`POST /api/auth/signin/<id>`, mail flooding). Providers are read wherever they are configured
// (`lib/auth.ts`); link gives each catch-all of the same app one entry point per provider.
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { calleeName, jsIndex, nodesUnder, objectProp, propertyKey, resolveObject, stringValue, unwrap, type AstNode } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import { rateLimitLikeName } from '../_lib/routes.js';

const PROVIDER_MODULE = /^(next-auth|@auth\/core)\/providers(\/(credentials|email|nodemailer|resend|sendgrid|postmark|mailgun|forwardemail))?(\.(\w+))?$/;
const KINDS: Record<string, 'credentials' | 'email'> = { credentials: 'credentials', email: 'email', nodemailer: 'email', resend: 'email', sendgrid: 'email', postmark: 'email', mailgun: 'email', forwardemail: 'email' };
const SETTING = 'nextauth-provider';

/** `next-auth/providers/credentials` → credentials; `@auth/core/providers.Nodemailer` → email. */
function providerKind(resolved: string): { kind: 'credentials' | 'email'; id: string } | undefined {
  const m = PROVIDER_MODULE.exec(resolved);
  if (!m) return undefined;
  const name = (m[3] ?? m[5] ?? '').toLowerCase();
  const kind = KINDS[name];
  return kind ? { kind, id: name } : undefined;
}

/**
 * The base path of a catch-all (`/api/auth/*nextauth` → `/api/auth`), also one whose file hands its
 * methods to an authentication library's handler (`toNextJsHandler(auth)` of better-auth).
 */
function catchAllBase(f: EntrypointFact, libraryFiles: ReadonlySet<string>): string | undefined {
  if (f.framework !== 'nextjs' || !f.path) return undefined;
  const m = /^(.*)\/\*nextauth$/.exec(f.path);
  if (m) return m[1];
  return f.middleware.includes('NextAuth') || (libraryFiles.has(f.evidence.file) && /\/\*\w+$/.test(f.path)) ? f.path.replace(/\/\*\w+$/, '') : undefined;
}

/** Authentication libraries' route handlers for Next.js: every sign-in, callback and session read under one catch-all. */
const LIBRARY_HANDLER = /^better-auth\/next-js\.toNextJsHandler$/;
const LIBRARY_SETTING = 'auth-library-handler';

/** Folder of the Next.js app a file belongs to (what precedes `app/`, `pages/` or `src/`). */
function appRoot(file: string): string {
  const m = /^(.*?\/)?(?:src\/)?(?:app|pages)\//.exec(file);
  return m?.[1] ?? '';
}

/**
 * Gives each catch-all one entry point per credentials or e-mail provider of its app, and tags the
 * catch-all itself `nextauth-catch-all`: its own methods stand for OAuth redirects and session
 * reads too, so rules about sign-in endpoints judge the provider routes instead.
 */
export function linkProviders(facts: Fact[]): Fact[] {
  const providers = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === SETTING);
  const libraryFiles = new Set(facts.filter((f) => f.kind === 'config' && f.setting === LIBRARY_SETTING).map((f) => f.evidence.file));
  const out: Fact[] = [];
  const seen = new Set(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((f) => `${f.method} ${f.path}`));
  for (const fact of facts) {
    if (fact.kind === 'config' && (fact.setting === SETTING || fact.setting === LIBRARY_SETTING)) continue;
    const base = fact.kind === 'entrypoint' ? catchAllBase(fact, libraryFiles) : undefined;
    if (base === undefined || fact.kind !== 'entrypoint') {
      out.push(fact);
      continue;
    }
    const route: EntrypointFact = { ...fact, tags: [...new Set([...(fact.tags ?? []), 'nextauth-catch-all'])].sort() };
    out.push(route);
    const root = appRoot(route.evidence.file);
    for (const p of providers) {
      if (!p.evidence.file.startsWith(root)) continue;
      const credentials = p.values.kind === 'credentials';
      const path = `${base}/${credentials ? 'callback' : 'signin'}/${String(p.values.id)}`;
      if (seen.has(`POST ${path}`)) continue;
      seen.add(`POST ${path}`);
      const inherited: string[] = (fact.tags ?? []).filter((t) => t === 'rate-limited' || t === 'dev-only');
      // A limiter checked inside the provider's authorize() throttles its sign-in route.
      // One that runs only under a setting (`if (config.rateLimiting.enabled)`) is tagged apart: the
      // rule reports that the limit depends on the setting.
      if (p.values.rateLimited === true) inherited.push(typeof p.values.rateLimitSwitch === 'string' ? 'rate-limit-switched' : 'rate-limited');
      out.push({
        ...route,
        method: 'POST',
        path,
        auth: 'none',
        tags: [...new Set([...inherited, credentials ? 'login' : 'magic-link', 'nextauth-provider', 'state-changing', ...(p.values.codeExchange === true ? ['federated'] : [])])].sort(),
        authEvidence: [`${credentials ? 'credentials sign-in' : 'e-mail sign-in link'} of the NextAuth provider at ${p.evidence.file}:${p.evidence.line}`],
        key: `${route.evidence.file}#entrypoint:http POST ${path}`,
      });
    }
  }
  return out;
}

/**
 * The setting a limiter call runs under inside `within`: the test of an enclosing `if` that reads a
 * flag (`serverConfig.rateLimiting.enabled`, `process.env.RATE_LIMIT`), when the call is in its
 * consequent. Undefined when the call always runs.
 */
function limiterSwitch(call: AstNode, within: AstNode, index: ReturnType<typeof jsIndex>): string | undefined {
  let child: AstNode = call;
  for (const a of index.ancestors(call)) {
    if (a === within) return undefined;
    if (a.type === 'IfStatement' && child === a.consequent) {
      const test = unwrap(a.test as AstNode);
      if (test.type === 'MemberExpression' || test.type === 'Identifier') return index.text(test);
    }
    child = a;
  }
  return undefined;
}

export const extractor: Extractor = {
  id: 'js/nextjs-auth',
  title: 'NextAuth / Auth.js credentials and e-mail providers behind the catch-all route; authentication libraries\' catch-all handlers',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['next-auth/providers', '@auth/core/providers', 'better-auth/next-js'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts: FactInput[] = [];
    for (const call of index.nodesOf('CallExpression')) {
      const resolved = index.resolvedCallee(call) ?? '';
      if (LIBRARY_HANDLER.test(resolved)) {
        facts.push({ kind: 'config', setting: LIBRARY_SETTING, values: { handler: resolved }, evidence: index.evidence(call), key: `${file.path}#config:${LIBRARY_SETTING}` });
        continue;
      }
      const provider = providerKind(resolved);
      if (!provider) continue;
      const options = resolveObject(call.arguments[0] as AstNode | undefined, index);
      const id = stringValue(objectProp(options, 'id'), index) ?? provider.id;
      // `authorize(credentials, req) { ... await limiter.checkRateLimit(...) ... }`: throttled sign-in.
      const authorize = unwrap(objectProp(options, 'authorize'));
      const limiters = authorize && /^(Arrow)?Function(Expression)?$/.test(authorize.type) ? nodesUnder(authorize, 'CallExpression').filter((c) => rateLimitLikeName(calleeName(c) ?? '')) : [];
      const rateLimited = limiters.length > 0;
      // `if (config.rateLimiting.enabled) { limiter... }`: the limit holds only where that is switched on.
      const switches = limiters.map((c) => limiterSwitch(c, authorize as AstNode, index));
      const rateLimitSwitch = rateLimited && switches.every((w) => w !== undefined) ? switches[0] : undefined;
      // `authorize()` redeems the credential as an OAuth authorization code at an identity provider
      // (`{ code, grant_type: 'authorization_code' }`): a federated sign-in, no password to guess.
      const codeExchange = !!authorize && provider.kind === 'credentials' && nodesUnder(authorize, 'Property').some((p) => propertyKey(p) === 'grant_type' && stringValue(p.value as AstNode, index) === 'authorization_code');
      facts.push({
        kind: 'config',
        setting: SETTING,
        values: { kind: provider.kind, id, ...(rateLimited ? { rateLimited } : {}), ...(rateLimitSwitch ? { rateLimitSwitch } : {}), ...(codeExchange ? { codeExchange } : {}) },
        summary: `NextAuth ${provider.kind} provider ${id}`,
        evidence: index.evidence(call),
        key: `${file.path}#config:${SETTING}:${id}`,
      });
    }
    return facts.length > 0 ? facts : null;
  },
  link: linkProviders,
};
