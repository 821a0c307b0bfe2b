// Shared helpers Next.js route handlers call to authenticate and authorise, judged by their bodies
// in the file that defines them: auth-by-default request helpers (request-helper.ts) and permission
// predicates (predicates.ts). Each becomes an `auth` `guard-definition` fact with the names it is
// exported under; js/nextjs records the calls a handler makes to them (and whether their refusal
// is returned before the handler goes on), and link resolves those calls across files.
import type { AuthFact, FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { exportNamesByFunction, functionOf, jsIndex, unwrap, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import { clientModule, CLIENT_MODULE_SETTING, PROPS_ONLY_SETTING, propsOnly } from '../nextjs/ui-shell.js';
import { handlerWrapper } from './handler-wrapper.js';
import { permissionPredicate } from './predicates.js';
import { requestHelper } from './request-helper.js';
import { responseHelper } from './response-helper.js';
import { composedWrapper } from './middleware-composer.js';
import { maySignatureHelper, signatureHelper, skippedUnless } from './signature-helper.js';
import { memoisedFunction, pageGate } from './page-gate.js';
import { mayDefineServiceGuard, serviceGuards } from './service-guard.js';
import { maySecretGate, secretGatedWrapper } from './secret-gate.js';
import { maySecretPredicate, secretPredicate } from './secret-predicate.js';
import { throwingRequestGuard, throwingSessionGuard } from './throwing-guard.js';
import { libraryBuiltHandler, mayBuildLibraryHandler } from './library-factory.js';
import { mayDefinePropsWrapper, propsWrapper } from './props-wrapper.js';

/** A page gate navigates away with next/navigation (page-gate.ts). */
function mayDefinePageGate(content: string): boolean {
  return content.includes('next/navigation') || content.includes('@sveltejs/kit');
}

const HTTP_EXPORT = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;

/**
 * Text every fact needs: a client module's `use client`; a request helper's refusal (`unauthorized()`,
 * `Forbidden`, `status: 401`: how `rejects` names one); a predicate's caller, the name of its first
 * parameter or of a key it destructures (`user`, `auth`, `session`, `shareToken`...).
 */
export const SIGNALS: readonly string[] = [
  'use client',
  'nauthori', 'NAUTHORI', 'orbidden', 'ORBIDDEN', '401', '403',
  'user', 'User', 'auth', 'session', 'Session', 'viewer', 'actor', 'principal', 'account', 'identity', 'caller', 'oken', 'apiKey', 'claims',
  // A shared getServerSideProps (ui-shell.ts), or a wrapper of one, typed `GetServerSideProps` (props-wrapper.ts).
  'ServerSideProps',
  'ignature',
  // A shared-secret predicate's constant-time comparison (secret-predicate.ts).
  'imingSafeEqual', 'afeCompare', 'ecureCompare', 'afeEqual', 'ecureEqual',
  // A handler wrapper's callback (handler-wrapper.ts), or its settings handed on whole.
  'handler',
  '({ ...', '({...', '...config', '...routeConfig', '...options', '...opts', '...settings',
  // A route factory returning the route it builds (library-factory.ts).
  'return (req', 'return async (req',
];

function fact(index: JsIndex, fn: FunctionLike, name: string, exports: string[], details: Record<string, string | number | boolean>): FactInput {
  return {
    kind: 'auth',
    mechanism: 'custom' as AuthFact['mechanism'],
    role: 'guard-definition',
    name,
    details: { ...details, exports: exports.join(',') },
    evidence: index.evidence(fn as AstNode),
    key: `${index.file}#auth:helper:${name}`,
  };
}

/**
 * Cheap tests before the tree is built (most files that pass SIGNALS define neither kind): a
 * request helper names its refusal or hands back a failed result; a predicate takes the caller first (`({ user }`, `(auth,`).
 * A file with only `'use client'` gets its fact from the text, without a parse.
 */
const REFUSAL = /nauthori|NAUTHORI|orbidden|ORBIDDEN|\b40[13]\b/;
const CALLER_FIRST = /\(\s*(?:\{[^)]{0,200}?\b(?:user|session|currentUser|viewer|actor|principal|account|identity|authUser|shareToken|token|apiKey|claims)\b|(?:auth|user|session|currentUser|viewer|actor|principal|account|identity|authUser|sessionUser|caller)\b)/;
// A block comment stops at its first `*/`: a lazy `[\s\S]*?` could also run on to a later one,
// and a file that opens with many comments and no directive then backtracks exponentially.
const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*(?:[^*]|\*+[^*/])*\*+\/)*['"]use client['"]/;

/** A handler wrapper names the callback it runs (handler-wrapper.ts). */
const HANDLER_WORD = /\b(handler|handle|fn|callback|resolve|run|execute)\b/;

/** `(config) => otherWrapper({ ...config, x })`: a wrapper handing its settings on (handler-wrapper.ts). */
function mayForwardSettings(content: string): boolean {
  return content.includes('...') && FORWARDED_SETTINGS.test(content);
}

/** A call given an object literal that opens with a spread, on one line or the next. */
const FORWARDED_SETTINGS = /\(\{\s*\.\.\.[A-Za-z_$]/;

/** A guard that reads the caller itself and throws without one: `await getSession()` then a `throw` (throwing-guard.ts). */
const AMBIENT_CALLER = /await\s+(?:[\w$]+\.)*[\w$]*(?:Session|User|Auth)[\w$]*\(/;
function mayThrowWithoutCaller(content: string): boolean {
  return content.includes('throw') && AMBIENT_CALLER.test(content);
}

export function mayDefineHelpers(content: string): boolean {
  return mayThrowWithoutCaller(content) || mayForwardSettings(content) || REFUSAL.test(content) || content.includes('return err(') || content.includes('return Err(') || mayDefinePageGate(content) || (HANDLER_WORD.test(content) && /\bexports?\b/.test(content)) || (/\bexports?\b/.test(content) && CALLER_FIRST.test(content)) || maySignatureHelper(content) || mayBuildLibraryHandler(content) || maySecretPredicate(content) || mayDefinePropsWrapper(content);
}

function clientModuleFact(file: string, evidence: FactInput['evidence']): FactInput {
  return { kind: 'config', setting: CLIENT_MODULE_SETTING, values: {}, summary: "'use client' module", evidence, key: `${file}#config:${CLIENT_MODULE_SETTING}` };
}

export function helperDefinitions(index: JsIndex): FactInput[] {
  const byFn = new Map<FunctionLike, string[]>();
  for (const [fn, names] of exportNamesByFunction(index)) {
    const kept = names.filter((exp) => !HTTP_EXPORT.test(exp) && !exp.includes('.'));
    if (kept.length > 0) byFn.set(fn, kept);
  }
  // `export const requireUser = cache(async () => ...)`: a page gate memoised per request (page-gate.ts).
  const gates = new Map<FunctionLike, string[]>();
  if (mayDefinePageGate(index.content)) {
    for (const [name, value] of index.exports) {
      const fn = functionOf(value, index) ?? memoisedFunction(value, index);
      if (fn && !HTTP_EXPORT.test(name)) gates.set(fn, [...(gates.get(fn) ?? []), name]);
    }
  }
  const out: FactInput[] = [];
  // Gates of the file by local name, judged in order so one may take over another's caller (`const user = requireLogin()`).
  const judged = new Map<string, string>();
  for (let pass = 0; pass < 2; pass++) {
    for (const [fn, exports] of gates) {
      const name = index.functionName(fn) ?? exports[0];
      if (judged.has(name)) continue;
      const gate = pageGate(fn, index, judged);
      if (gate) judged.set(name, gate.level);
    }
  }
  for (const [fn, exports] of gates) {
    const gate = pageGate(fn, index, judged);
    if (!gate) continue;
    // A synchronous gate guards a handler that calls it without `await` (js/nextjs helper-calls.ts `unawaited`).
    out.push(fact(index, fn, index.functionName(fn) ?? exports[0], exports, { level: gate.level, why: `navigates away: ${gate.why}`, throws: true, ...(fn.async ? {} : { sync: true }) }));
    byFn.delete(fn);
  }
  // Client components: js/nextjs keeps a page that renders only these a UI shell (ui-shell.ts).
  if (clientModule(index)) out.push(clientModuleFact(index.file, index.evidence(index.program as AstNode)));
  // A shared getServerSideProps that hands pages only translations (js/nextjs: Pages Router UI shells).
  const propsOnlyExports = !index.content.includes('getServerSideProps') ? [] : [...byFn].filter(([fn, exports]) => exports.some((e) => e === 'default' || e === 'getServerSideProps') && propsOnly(fn, index)).flatMap(([, exports]) => exports);
  if (propsOnlyExports.length > 0) out.push({ kind: 'config', setting: PROPS_ONLY_SETTING, values: { exports: propsOnlyExports.join(',') }, summary: 'getServerSideProps that hands out only translations or a redirect', evidence: index.evidence(index.program as AstNode), key: `${index.file}#config:${PROPS_ONLY_SETTING}` });
  for (const [fn, exports] of byFn) {
    const name = index.functionName(fn) ?? exports[0];
    const helper = requestHelper(fn, index);
    if (helper) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: helper.why, ...(helper.optOut ? { optOut: helper.optOut } : {}) }));
      continue;
    }
    // `withApi({ handler })`: authenticates before it runs the route's callback (handler-wrapper.ts).
    const wrapper = HANDLER_WORD.test(index.content) || mayForwardSettings(index.content) ? handlerWrapper(fn, index) : undefined;
    if (wrapper) {
      out.push(fact(index, fn, name, exports, { level: wrapper.calls ? 'unknown' : wrapper.admin ? 'admin' : 'user', why: wrapper.why, ...(wrapper.optOut ? { optOut: wrapper.optOut } : {}), ...(wrapper.calls ? { calls: wrapper.calls } : {}), ...(wrapper.machine ? { tags: 'deployment-secret' } : {}) }));
      continue;
    }
    // `withQueueOrInternal(handler)`: runs the callback only for a request with the deployment's key or signature (secret-gate.ts).
    const gated = HANDLER_WORD.test(index.content) && maySecretGate(index.content) ? secretGatedWrapper(fn, index) : undefined;
    if (gated) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: `${gated} (service-to-service secret)`, tags: 'deployment-secret' }));
      continue;
    }
    // `withSession(gssp)`: a getServerSideProps wrapper that redirects callers without a session (props-wrapper.ts).
    const props = mayDefinePropsWrapper(index.content) ? propsWrapper(fn, index) : undefined;
    if (props) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: props }));
      continue;
    }
    // `withAuth(handler)` → `withMiddleware(handler, authMiddleware)`: a composer runs a refusing middleware first (middleware-composer.ts).
    const composed = HANDLER_WORD.test(index.content) ? composedWrapper(fn, index) : undefined;
    if (composed) {
      out.push(fact(index, fn, name, exports, { level: composed.level, why: composed.why }));
      continue;
    }
    // `verifyUser({ req, res })`: writes the 401 itself and hands back nothing (response-helper.ts).
    const answered = responseHelper(fn, index);
    if (answered) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: answered, answers: true }));
      continue;
    }
    // `await verifyHook({ req, rawBody })`: throws unless the request's signature matches (signature-helper.ts).
    const signed = maySignatureHelper(index.content) ? signatureHelper(fn, index) : undefined;
    if (signed) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: `${signed} (service-to-service signature)`, throws: true, tags: 'deployment-secret', ...skippedUnless(fn, index) }));
      continue;
    }
    // `await authorizeOrThrow(projectId, request)`: throws without a session (throwing-guard.ts).
    const throwing = index.content.includes('throw') ? throwingRequestGuard(fn, index) : undefined;
    if (throwing) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: throwing, throws: true, halts: true }));
      continue;
    }
    // `await requireRole(['admin'])`: reads the session from headers() itself, throws without a caller or the role (throwing-guard.ts).
    const ambient = mayThrowWithoutCaller(index.content) ? throwingSessionGuard(fn, index) : undefined;
    if (ambient) {
      out.push(fact(index, fn, name, exports, { level: ambient.level, why: ambient.why, throws: true, halts: true }));
      continue;
    }
    // `hasJobSecret(request)`: true only when the request carries the deployment's secret (secret-predicate.ts).
    const secret = maySecretPredicate(index.content) ? secretPredicate(fn, index) : undefined;
    if (secret) {
      out.push(fact(index, fn, name, exports, { level: 'user', why: `${secret} (service-to-service secret)`, tags: 'deployment-secret' }));
      continue;
    }
    const predicate = permissionPredicate(fn, index);
    if (predicate) {
      out.push(fact(index, fn, name, exports, { level: predicate.level, why: predicate.why, ...(predicate.object ? { objectArgs: true } : {}) }));
      continue;
    }
    // `createQueueRoute({ ... })`: a route factory whose route hands the request to a package's handler (library-factory.ts).
    const library = mayBuildLibraryHandler(index.content) ? libraryBuiltHandler(fn, index) : undefined;
    if (library) out.push(fact(index, fn, name, exports, { level: 'unknown', why: library }));
  }
  // `new AuthService(req, res).authGuard()`: guard methods of request-scoped service classes (service-guard.ts).
  if (mayDefineServiceGuard(index.content)) out.push(...serviceGuardFacts(index));
  return out;
}

/** One fact per guard method of an exported class, exported as `Class.method` (what js/nextjs's call sites name). */
function serviceGuardFacts(index: JsIndex): FactInput[] {
  const byClass = new Map<Class, string[]>();
  for (const [name, value] of index.exports) {
    const cls = unwrap(value);
    if (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') byClass.set(cls as Class, [...(byClass.get(cls as Class) ?? []), name]);
  }
  const out: FactInput[] = [];
  for (const [cls, names] of byClass) {
    for (const { method, fn, why, object } of serviceGuards(cls, index)) {
      const exports = names.map((n) => `${n}.${method}`);
      out.push(fact(index, fn, `${cls.id?.name ?? names[0]}.${method}`, exports, { level: 'user', why, answers: true, ...(object ? { objectArgs: true } : {}) }));
    }
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/nextjs-helpers',
  title: 'Request helpers and permission predicates that Next.js route handlers call (auth by default, admin/owner checks)',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    if (!mayDefineHelpers(file.content) && !file.content.includes('getServerSideProps')) return USE_CLIENT.test(file.content) ? [clientModuleFact(file.path, { file: file.path, line: 1 })] : null;
    const out = helperDefinitions(jsIndex(file, ctx));
    return out.length > 0 ? out : null;
  },
};
