import type { SgNode } from '@ast-grep/napi';
import type { AuthLevel, EntrypointFact, EntrypointProtocol, Fact, FactInput } from '../../../model/types.js';
import { joinPath, routeTags } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { stronger } from '../../java/_lib/access.js';
import { colonParams } from '../../java/_lib/routes.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { csFile, isCsFile, unquoteCs, type CsClass, type CsMethod } from '../_lib/model.js';
import { controllerRoutes, routeAuth } from '../_lib/routes.js';
import { adminLikeText } from '../../js/_lib/routes.js';

const GLOBAL_SETTING = 'aspnet-global-auth';
/** Internal tag: the route's auth came from no attribute or chain call, so global policies apply. */
const DEFAULT_TAG = '~aspnet-default:';

/** Internal tag: the route is mapped inside a route-builder extension method (`MapOrdersApi(this IEndpointRouteBuilder app)`). */
const IN_METHOD_TAG = '~aspnet-in:';
/** Where such a method is called: `app.MapGroup("/orders").RequireAuthorization().MapOrdersApi()`. */
const MOUNT_SETTING = 'aspnet-endpoint-mount';
/** An extension method that configures the builder it is given (`group.RequireAuthorization(...)` in its body). */
const CONFIGURER_SETTING = 'aspnet-group-configurer';
/** Map calls that are not a route-mapping extension method of the application. */
const NOT_MOUNTS = new Set(['MapGroup', 'MapGrpcService', 'MapHub', 'MapControllers', 'MapControllerRoute', 'MapDefaultControllerRoute', 'MapRazorPages', 'MapBlazorHub', 'MapFallbackToFile', 'MapFallbackToPage', 'MapHealthChecks', 'MapStaticAssets', 'MapRazorComponents', 'MapOpenApi', 'MapIdentityApi', 'MapDefaultEndpoints', 'MapReverseProxy', 'MapGrpcReflectionService']);

const MAP_VERBS: Record<string, string> = { MapGet: 'GET', MapPost: 'POST', MapPut: 'PUT', MapDelete: 'DELETE', MapPatch: 'PATCH', MapMethods: '', Map: 'ALL', MapFallback: 'ALL' };

interface Group {
  prefix: string;
  level?: AuthLevel;
  why?: string;
}

/** `.RequireAuthorization(...)` / `.AllowAnonymous()` calls chained after an endpoint registration. */
function chainAuth(call: SgNode): { level?: AuthLevel; why?: string } {
  let level: AuthLevel | undefined;
  let why: string | undefined;
  let node: SgNode | null = call;
  for (let depth = 0; depth < 8 && node; depth++) {
    const parent: SgNode | null = node.parent();
    if (parent?.kind() !== 'member_access_expression') break;
    const next: SgNode | null = parent.parent();
    if (!next || next.kind() !== 'invocation_expression') break;
    const name = parent.field('name')?.text();
    const args = next.field('arguments')?.text() ?? '';
    if (name === 'AllowAnonymous') return { level: 'none', why: '.AllowAnonymous()' };
    if (name === 'RequireAuthorization') {
      const policy = /"([^"]*)"/.exec(args)?.[1] ?? (/RequireRole\(([^)]*)\)/.exec(args)?.[1] ?? '');
      level = policy && adminLikeText(policy) ? 'admin' : 'user';
      why = `.RequireAuthorization(${args.slice(1, -1).trim()})`;
    }
    node = next;
  }
  return { level, why };
}

function calleeName(call: SgNode): { receiver: string; name: string } | undefined {
  const fn = call.field('function');
  if (fn?.kind() !== 'member_access_expression') return undefined;
  const name = (fn.field('name')?.text() ?? '').replace(/<.*$/s, '');
  return { receiver: fn.field('expression')?.text() ?? '', name };
}

function firstString(call: SgNode): string | undefined {
  const arg = call.field('arguments')?.namedChildren()[0];
  const text = arg?.text() ?? '';
  return /^@?"/.test(text) ? unquoteCs(text) : undefined;
}

/** A negated permission predicate (`!await CanEditAsAdminAsync(orgId)`, `!_ctx.ManageUsers(orgId)`, `!result.Succeeded` of AuthorizeAsync). */
const PERMISSION_PREDICATE = /!\s*(?:await\s+)?(?:[\w.]+\.)?(?:Can[A-Z]\w*|Has\w*(?:Permission|Access|Role)\w*|Manage[A-Z]\w*|ViewAll\w*|Access[A-Z]\w*|Is\w*(?:Admin|Owner)\w*|\w*AsAdmin\w*|Authorize\w*)\s*\(|!\s*\w+\.Succeeded\b/;
const DENIAL = /^\s*\{?\s*(?:throw\s+new\s+(?:NotFound|Forbidden|Unauthorized|UnauthorizedAccess|Forbid)\w*\s*\(|return\s+(?:Forbid|Unauthorized|NotFound|Challenge)\s*\(|return\s+(?:new\s+)?(?:ForbidResult|UnauthorizedResult|NotFoundResult)\b)/;

/**
 * The action refuses (404/403 exception or result) unless the caller passes a permission check
 * it makes itself: `if (cipher == null || !await CanEditAsAdminAsync(orgId)) throw new NotFoundException();`.
 */
function deniesWithoutPermission(body: string): boolean {
  if (!/\bif\s*\(/.test(body) || !PERMISSION_PREDICATE.test(body)) return false;
  for (const m of body.matchAll(/\bif\s*\(/g)) {
    // The condition up to its closing parenthesis (nested calls included).
    let depth = 1;
    let i = (m.index ?? 0) + m[0].length;
    for (; i < body.length && depth > 0; i++) {
      if (body[i] === '(') depth++;
      else if (body[i] === ')') depth--;
    }
    const condition = body.slice((m.index ?? 0) + m[0].length, i - 1);
    if (PERMISSION_PREDICATE.test(condition) && DENIAL.test(body.slice(i, i + 200))) return true;
  }
  return false;
}

/** ASP.NET Identity sign-in that counts failures towards locking the account (`lockoutOnFailure: true`). */
const LOCKOUT = /\blockoutOnFailure\s*:\s*true\b|\b(?:PasswordSignInAsync|CheckPasswordSignInAsync)\s*\([^;]*,\s*true\s*\)\s*;/;

/** The action's own check, or the one of the sibling action it only forwards to (a deprecated alias: `=> await PutAdmin(id, model)`). */
function actionChecksPermission(cls: CsClass, action: CsMethod): boolean {
  const body = action.node.text();
  if (deniesWithoutPermission(body)) return true;
  const forward = /\{\s*return\s+(?:await\s+)?(\w+)\s*\([^;]*\)\s*;\s*\}\s*$|=>\s*(?:await\s+)?(\w+)\s*\([^;]*\)\s*;\s*$/.exec(body);
  const target = forward ? cls.methods.find((m) => m !== action && m.name === (forward[1] ?? forward[2])) : undefined;
  return target !== undefined && deniesWithoutPermission(target.node.text());
}

export const extractor: Extractor = {
  id: 'csharp/aspnet',
  title: 'ASP.NET Core controllers, minimal APIs, gRPC services and SignalR hubs with their authorization',
  matches: isCsFile,
  signals: ['Controller', 'Map', 'Authoriz', 'AddJwtBearer'],
  extract(file, ctx) {
    const cs = csFile(file, ctx);
    const facts: FactInput[] = [];
    const evidence = (line: number) => cs.lines.evidence(file.path, line);
    const push = (protocol: EntrypointProtocol, method: string, path: string, line: number, level: AuthLevel | undefined, why: string | undefined, extra: string[], handler?: EntrypointFact['handler']) => {
      const fact: Omit<EntrypointFact, 'extractor'> = {
        kind: 'entrypoint',
        protocol,
        framework: 'aspnet-core',
        method,
        path,
        middleware: why ? [why] : [],
        auth: level ?? 'none',
        authEvidence: why ? [why] : [],
        tags: routeTags(method, path, [], handler?.name, [...extra, ...(level === undefined ? [`${DEFAULT_TAG}${extra.includes('controller') ? 'controller' : 'endpoint'}`] : [])]),
        evidence: evidence(line),
        key: `${file.path}#entrypoint:${protocol} ${method} ${path}`,
      };
      if (handler) fact.handler = handler;
      facts.push(fact);
    };

    // Attribute routes live in controller classes only (named or attributed `...Controller`).
    for (const cls of file.content.includes('Controller') ? cs.classes : []) {
      for (const r of controllerRoutes(cls)) {
        const auth = routeAuth(r);
        const upload = r.action.params.some((p) => /\bIFormFile|IFormFileCollection\b/.test(p.type));
        // [AllowAnonymous]: public by the application's declaration (see the web rules).
        const tags = ['controller', ...(upload ? ['upload'] : []), ...(auth?.anonymous ? ['declared-public'] : []), ...(actionChecksPermission(cls, r.action) ? ['permission-checked'] : []), ...(LOCKOUT.test(r.action.node.text()) ? ['account-lockout'] : [])];
        push('http', r.method, r.path, r.line, auth?.level, auth?.why, tags, { file: file.path, line: r.action.line, name: `${cls.name}.${r.action.name}` });
      }
    }

    if (/\.Map\w*\s*[(<]/.test(file.content)) {
      const groups = new Map<string, Group>();
      const calls = cs.root.findAll({ rule: { kind: 'invocation_expression', has: { field: 'function', kind: 'member_access_expression', regex: '\\.Map' } } });
      for (const call of calls) {
        const c = calleeName(call);
        if (!c) continue;
        const group = groups.get(c.receiver);
        const chained = chainAuth(call);
        const level = chained.level ?? group?.level;
        const why = chained.why ?? group?.why;
        const line = call.range().start.line + 1;
        if (c.name === 'MapGroup') {
          const declarator = call.ancestors().find((a) => a.kind() === 'variable_declarator');
          const name = declarator?.field('name')?.text();
          if (name) groups.set(name, { prefix: joinPath(group?.prefix ?? '', firstString(call) ?? ''), level, why });
        } else if (c.name in MAP_VERBS) {
          const path = colonParams(joinPath(group?.prefix ?? '', firstString(call) ?? '/'));
          let method = MAP_VERBS[c.name];
          if (c.name === 'MapMethods') method = /"(\w+)"/.exec(call.field('arguments')?.namedChildren()[1]?.text() ?? '')?.[1]?.toUpperCase() ?? 'ALL';
          const inMethod = routeBuilderMethod(call);
          push('http', method, path, line, level, why, [...(chained.why === '.AllowAnonymous()' ? ['declared-public'] : []), ...(inMethod ? [`${IN_METHOD_TAG}${inMethod}`] : [])]);
        } else if (!NOT_MOUNTS.has(c.name) && !(c.name in MAP_VERBS)) {
          const mount = mountOf(c.receiver, group, chained);
          if (mount) facts.push({ kind: 'config', setting: MOUNT_SETTING, values: { method: c.name, ...mount }, evidence: evidence(line), key: `${file.path}#${MOUNT_SETTING}:${c.name}:${line}` });
        } else if (c.name === 'MapGrpcService') {
          const service = /<\s*([\w.]+)\s*>/.exec(call.field('function')?.text() ?? '')?.[1] ?? 'service';
          push('grpc', 'POST', `/${service}`, line, level, why, [], { file: file.path, line, name: service });
        } else if (c.name === 'MapHub') {
          push('websocket', 'GET', colonParams(firstString(call) ?? '/'), line, level, why, []);
        }
      }
    }

    const text = blankComments(file.content);
    if (text.includes('this ')) for (const c of groupConfigurers(text)) facts.push({ kind: 'config', setting: CONFIGURER_SETTING, values: c, evidence: evidence(lineAt(text, c.at)), key: `${file.path}#${CONFIGURER_SETTING}:${c.method}` });
    const globals: [RegExp, string, string][] = [
      [/\.MapControllers\s*\(\s*\)\s*\.\s*RequireAuthorization\s*\(/, 'controllers', 'MapControllers().RequireAuthorization()'],
      [/\bFallbackPolicy\s*=/, 'all', 'authorization FallbackPolicy'],
      [/\bnew\s+AuthorizeFilter\s*\(/, 'controllers', 'global AuthorizeFilter'],
    ];
    for (const [re, scope, why] of globals) {
      const m = re.exec(text);
      if (!m) continue;
      facts.push({ kind: 'config', setting: GLOBAL_SETTING, values: { scope, why }, summary: why, evidence: evidence(lineAt(text, m.index)), key: `${file.path}#${GLOBAL_SETTING}:${scope}` });
      facts.push({ kind: 'config', setting: 'auth-global-guard', values: { library: 'aspnet-core', scope }, summary: why, evidence: evidence(lineAt(text, m.index)), key: `${file.path}#auth-global-guard:${scope}` });
    }
    const mechanisms: [RegExp, 'jwt' | 'session' | 'oauth', string][] = [
      [/\.AddJwtBearer\s*\(/, 'jwt', 'AddJwtBearer'],
      [/\.AddCookie\s*\(/, 'session', 'AddCookie'],
      [/\.AddOpenIdConnect\s*\(|\.AddMicrosoftIdentityWebApi\s*\(/, 'oauth', 'AddOpenIdConnect'],
    ];
    for (const [re, mechanism, name] of mechanisms) {
      const m = re.exec(text);
      if (m) facts.push({ kind: 'auth', mechanism, library: 'aspnet-core', role: mechanism === 'jwt' ? 'token-verify' : 'config', name, evidence: evidence(lineAt(text, m.index)), key: `${file.path}#auth:${name}` });
    }
    const unsigned = /\bRequireSignedTokens\s*=\s*false|\bValidateIssuerSigningKey\s*=\s*false/.exec(text);
    if (unsigned) facts.push({ kind: 'auth', mechanism: 'jwt', library: 'Microsoft.IdentityModel', role: 'token-verify', details: { operation: 'verify', none: true }, evidence: evidence(lineAt(text, unsigned.index)), key: `${file.path}#auth:unsigned` });
    return facts.length > 0 ? facts : null;
  },
  link: (facts) => linkGlobalAuth(linkMounts(facts)),
};

/** The route-builder extension method (`static X MapFoo(this IEndpointRouteBuilder app)`) a Map call sits in. */
function routeBuilderMethod(call: SgNode): string | undefined {
  const decl = call.ancestors().find((a) => a.kind() === 'method_declaration' || a.kind() === 'local_function_statement');
  if (!decl) return undefined;
  const params = decl.field('parameters')?.text() ?? '';
  if (!/^\(\s*this\s+(?:[\w.]*\.)?(?:IEndpointRouteBuilder|RouteGroupBuilder|WebApplication)\b/.test(params)) return undefined;
  return decl.field('name')?.text();
}

/**
 * A call of a route-mapping extension method on a group: the prefix and the authorization of the
 * builder it receives (`app.MapGroup("/x").RequireAuthorization().MapX()`, a group variable, an
 * extension of the chain that configures it), and any `.RequireAuthorization()` chained on the
 * group it returns (`orders.MapOrdersApi().RequireAuthorization()`).
 */
function mountOf(receiver: string, group: Group | undefined, chained: { level?: AuthLevel; why?: string }): Record<string, string> | undefined {
  const inline = /\.MapGroup\s*\(\s*@?"([^"]*)"\s*\)([\s\S]*)$/.exec(receiver);
  const steps = inline ? [...inline[2].matchAll(/\.\s*(\w+)\s*(?:<[^>]*>)?\s*\(/g)].map((m) => m[1]) : [];
  const required = inline ? /\.\s*RequireAuthorization\s*\(([^)]*)\)/.exec(inline[2]) : null;
  const ownLevel = required ? (adminLikeText(required[1]) ? 'admin' : 'user') : group?.level;
  const ownWhy = required ? `.RequireAuthorization(${required[1].trim()})` : group?.why;
  const level = chained.level ?? ownLevel;
  const why = chained.why ?? ownWhy;
  const prefix = inline ? inline[1] : (group?.prefix ?? '');
  if (!inline && !group && !level) return undefined;
  return { prefix, level: level ?? '', why: why ?? '', steps: steps.join(',') };
}

/** Extension methods whose body calls `<this-param>.RequireAuthorization(...)` (or `.AllowAnonymous()`). */
function groupConfigurers(text: string): { method: string; level: string; why: string; at: number }[] {
  const out: { method: string; level: string; why: string; at: number }[] = [];
  for (const m of text.matchAll(/\b(\w+)\s*\(\s*this\s+(?:[\w.]*\.)?(?:IEndpointRouteBuilder|RouteGroupBuilder|IEndpointConventionBuilder|RouteHandlerBuilder)\s+(\w+)[^)]*\)\s*\{/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let end = open;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    const body = text.slice(open, end);
    const param = m[2];
    const req = new RegExp(`(?:^|[^\\w.])${param}\\s*\\.\\s*RequireAuthorization\\s*\\(([^;]*)\\)\\s*;`).exec(body);
    if (req) out.push({ method: m[1], level: adminLikeText(req[1]) ? 'admin' : 'user', why: `${param}.RequireAuthorization(${req[1].trim()}) in ${m[1]}`, at: m.index ?? 0 });
  }
  return out;
}

/**
 * Routes mapped inside a route-builder extension method get the prefix and authorization of the
 * group it is called on (and of configuring extensions in that call chain, and of a
 * `RequireAuthorization()` on the group it returns), and of a `RequireAuthorization` its own body
 * applies to the builder.
 */
function linkMounts(facts: Fact[]): Fact[] {
  const mounts = new Map<string, Record<string, string>>();
  const configurers = new Map<string, { level: AuthLevel; why: string }>();
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === MOUNT_SETTING && !mounts.has(String(f.values.method))) mounts.set(String(f.values.method), Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, String(v ?? '')])));
    if (f.setting === CONFIGURER_SETTING) configurers.set(String(f.values.method), { level: f.values.level === 'admin' ? 'admin' : 'user', why: String(f.values.why) });
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === MOUNT_SETTING || f.setting === CONFIGURER_SETTING)) continue;
    const tag = f.kind === 'entrypoint' ? f.tags?.find((t) => t.startsWith(IN_METHOD_TAG)) : undefined;
    if (f.kind !== 'entrypoint' || !tag) {
      out.push(f);
      continue;
    }
    const method = tag.slice(IN_METHOD_TAG.length);
    let tags = (f.tags ?? []).filter((t) => t !== tag);
    const mount = mounts.get(method);
    const grants: { level: AuthLevel; why: string }[] = [];
    const own = configurers.get(method);
    if (own) grants.push(own);
    if (mount?.level === 'user' || mount?.level === 'admin') grants.push({ level: mount.level, why: mount.why });
    for (const step of mount?.steps ? mount.steps.split(',') : []) {
      const c = configurers.get(step);
      if (c) grants.push(c);
    }
    let next: EntrypointFact = f;
    if (mount?.prefix) {
      const path = colonParams(joinPath(mount.prefix, f.path ?? '/'));
      next = { ...next, path, ...(next.key ? { key: next.key.replace(/ [^ ]+$/, ` ${path}`) } : {}) };
    }
    // `.AllowAnonymous()` on the route itself still opts out.
    const anonymous = f.authEvidence?.includes('.AllowAnonymous()');
    if (grants.length > 0 && !anonymous) {
      let level = next.auth;
      for (const g of grants) level = stronger(level, g.level);
      tags = tags.filter((t) => !t.startsWith(DEFAULT_TAG));
      next = { ...next, auth: level, authEvidence: [...(next.authEvidence ?? []), ...grants.map((g) => g.why)], middleware: [...next.middleware, ...grants.map((g) => g.why)] };
    }
    out.push({ ...next, tags });
  }
  return out;
}

/**
 * Global policies (fallback policy, `MapControllers().RequireAuthorization()`, a global
 * AuthorizeFilter) secure every endpoint that has no authorization metadata of its own; explicit
 * `[AllowAnonymous]` / `.AllowAnonymous()` still opt out. The policy applies within the project
 * (the folder of the file that sets it and below).
 */
function linkGlobalAuth(facts: Fact[]): Fact[] {
  const globals = facts.filter((f) => f.kind === 'config' && f.setting === GLOBAL_SETTING);
  const hasDefaults = facts.some((f) => f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(DEFAULT_TAG)));
  if (!hasDefaults) return facts;
  return facts.map((f) => {
    if (f.kind !== 'entrypoint' || !f.tags?.some((t) => t.startsWith(DEFAULT_TAG))) return f;
    const kind = f.tags.find((t) => t.startsWith(DEFAULT_TAG))?.slice(DEFAULT_TAG.length);
    const tags = f.tags.filter((t) => !t.startsWith(DEFAULT_TAG));
    const folderOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
    const global = globals.find((g) => {
      if (g.kind !== 'config') return false;
      const folder = folderOf(g.evidence.file);
      const applies = folder === '.' || f.evidence.file.startsWith(`${folder}/`);
      return applies && (g.values.scope === 'all' || (g.values.scope === 'controllers' && kind === 'controller'));
    });
    if (!global || global.kind !== 'config') return { ...f, tags };
    return { ...f, tags, auth: stronger(f.auth, 'user'), authEvidence: [...(f.authEvidence ?? []), String(global.values.why)] };
  });
}
