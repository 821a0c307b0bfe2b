// One file's decorator controllers: each decorated method of a controller class is a route at the
// controller's path joined with its own, behind what the class and the method declare.
import type { FactInput } from '../../../model/types.js';
import { memberPath, objectProp, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { joinPath, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { mwRef } from '../_lib/routes-refs.js';
import { decoratorPaths, decoratorsOf, parameterOf, type DecoratorInfo } from '../nestjs/decorators.js';
import type { DecoratorFramework } from './frameworks.js';
import { diKey } from './di.js';
import { childFact, CHILDREN_SETTING, type ChildRecord } from './children.js';
import { decoratedWebhookInput } from './webhook-input.js';
import { inHouseAccess, optOutFact, optsOut } from './in-house.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';

/** The decorator names this file imports from the framework's packages (local name → imported name). */
export function importedDecorators(framework: DecoratorFramework, index: JsIndex): Map<string, string> {
  const names = new Map<string, string>();
  for (const [local, b] of index.bindings) if (framework.modules.includes(b.module) && b.imported !== '*' && b.imported !== 'default') names.set(local, b.imported);
  return names;
}

/** `{id}` (tsoa) → `:id`, so every framework's paths read alike. */
const braced = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Middleware a decorator names: judged in this file when it is a function here; a DI service
 * identifier (inversify) is followed to its bound class by link (di.ts). Until then, or when
 * nothing resolves it, it runs before the handler and may refuse the request: `unknown`.
 */
function middlewareRef(arg: AstNode, index: JsIndex, framework: DecoratorFramework): MwRef {
  const ref = mwRef(arg, index);
  if (ref.role) return ref;
  // An imported Express middleware function: link judges it where it is defined, as for app.get(path, mw, h).
  if (framework.plainMiddleware && ref.module && ref.from && ref.export) return ref;
  const di = framework.diMiddleware ? diKey(arg, index) : undefined;
  return { ...ref, role: 'auth-unknown', why: `${ref.name} (middleware not resolved)`, ...(di ? { di } : {}) };
}

/** `@Middleware([a, b])` and `@Middleware(a)` alike: the array's elements. */
function spread(args: AstNode[]): AstNode[] {
  return args.flatMap((a) => {
    const n = unwrap(a);
    return n.type === 'ArrayExpression' ? (n.elements.filter((e) => e && e.type !== 'SpreadElement') as AstNode[]) : [a];
  });
}

/** Class names of `@ChildControllers([new A(), new B()])` / `@ChildControllers(new A())`. */
function childNames(d: DecoratorInfo): string[] {
  return spread(d.args).flatMap((a) => {
    const n = unwrap(a);
    const target = n.type === 'NewExpression' ? unwrap(n.callee as AstNode) : n;
    return target.type === 'Identifier' ? [target.name] : [];
  });
}

/** Roles or scopes given to `@Authorized(...)` / `@Security(name, scopes)`, as text. */
function argsText(args: AstNode[], index: JsIndex): string {
  return args
    .flatMap((a) => {
      const n = unwrap(a);
      return n.type === 'ArrayExpression' ? (n.elements.filter(Boolean) as AstNode[]) : [n];
    })
    .map((a) => stringValue(a, index) ?? index.text(a))
    .join(',');
}

/** What one decorator says about the caller, in the framework's own terms. */
function accessOf(d: DecoratorInfo, imported: string, framework: DecoratorFramework, index: JsIndex): MwRef[] {
  if (framework.inHouse) return inHouseAccess(d, imported, index);
  if (framework.middleware.has(imported) || (framework.middlewareInArgs && (framework.controller.has(imported) || framework.methods.has(imported) || imported === framework.anyMethod))) {
    // inversify: `@controller('/x', mw...)`, `@httpGet('/', mw...)`, `@httpMethod('get', '/', mw...)`.
    const skip = framework.middleware.has(imported) ? 0 : imported === framework.anyMethod ? 2 : 1;
    return spread(d.args.slice(skip)).map((a) => middlewareRef(a, index, framework));
  }
  // routing-controllers: the app's authorizationChecker runs; with roles it is asked about them.
  if (framework.id === 'routing-controllers' && imported === 'Authorized') {
    const roles = argsText(d.args, index);
    return [roles ? { name: `@Authorized(${roles})`, role: 'auth-role', args: roles, why: `@Authorized(${roles})` } : { name: '@Authorized()', role: 'auth-user', mechanism: 'authorization-checker', why: '@Authorized()' }];
  }
  // tsoa: `@Security('jwt')`, `@Security('jwt', ['admin'])`, `@Security({ api_key: [] })`: the app's expressAuthentication runs.
  if (framework.id === 'tsoa' && imported === 'Security') {
    const first = unwrap(d.args[0]);
    const scheme = first ? (stringValue(first, index) ?? index.text(first)) : '';
    const scopes = d.args[1] ? argsText([d.args[1]], index) : first?.type === 'ObjectExpression' ? argsText(first.properties.map((p) => (p as { value: AstNode }).value).filter(Boolean), index) : '';
    const name = `@Security(${scheme}${scopes ? `, ${scopes}` : ''})`;
    return [scopes ? { name, role: 'auth-role', args: scopes, why: name } : { name, role: 'auth-user', mechanism: /key/i.test(scheme) ? 'api-key' : /jwt|bearer/i.test(scheme) ? 'jwt' : undefined, why: name }];
  }
  return [];
}

/** Names of a check that refuses by throwing: `requireLogin`, `requiredLoginUser`, `ensureWriteAccess`, `assertOwner`, `checkPublishPermission`. */
const CHECK_NAME = /^(?:required?|ensure|assert|check|verify|enforce)[A-Z_]/;
const ACCESS_WORD = /access|permission|auth|login|user|admin|owner|member|role|privilege|scope|publish|write/i;
const CONTEXT_ARG = /^(?:ctx|context|req|request)$/;

/**
 * tegg handlers check the caller through an injected service or an inherited helper, given the
 * request context, before any work: `await this.roles.requireLogin(ctx)`, `const user = await
 * this.ensureWriteAccess(ctx, name)`. The service is not followed into its class, so such a call is
 * a check that may refuse (`unknown`), judged by its name only, as js/express does with unseen
 * guards; the call is among the handler's first statements.
 */
function serviceGuard(fn: FunctionLike | undefined, index: JsIndex): MwRef | undefined {
  const body = fn?.body as AstNode | null | undefined;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const first = (body.body as AstNode[])[0];
  // `async saveProfile() { throw new ForbiddenError('not allowed') }`: an endpoint kept only to refuse everyone.
  if (first?.type === 'ThrowStatement' && /^new\s+\w*(?:Forbidden|Unauthori[sz]ed)\w*\s*\(/.test(index.text(first.argument as AstNode))) {
    return { name: 'throws', role: 'auth-deny', why: `refuses every call: ${index.text(first.argument as AstNode).slice(0, 60)}` };
  }
  for (const stmt of (body.body as AstNode[]).slice(0, 4)) {
    const expr = stmt.type === 'ExpressionStatement' ? (stmt.expression as AstNode) : stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1 ? (stmt.declarations[0].init as AstNode | null) : null;
    const call = expr ? unwrap(expr.type === 'AwaitExpression' ? (expr.argument as AstNode) : expr) : undefined;
    if (call?.type !== 'CallExpression') continue;
    const path = memberPath(call.callee as AstNode);
    const name = path?.[path.length - 1] ?? '';
    if (!path || path[0] !== 'this' || !CHECK_NAME.test(name) || !ACCESS_WORD.test(name)) continue;
    // Given the request context (`ctx`, `ctx.ip`), or nothing when it is the controller's own helper (`this.ensureWebUser()`).
    const args = call.arguments.map((a) => memberPath(unwrap(a as AstNode))?.[0] ?? '');
    if (args.length === 0 ? path.length !== 2 : !args.some((a) => CONTEXT_ARG.test(a))) continue;
    const text = `${path.slice(1).join('.')}(${call.arguments[0] ? index.text(call.arguments[0] as AstNode) : ''})`;
    return { name: text, role: 'auth-unknown', why: `${text} first (a service check, judged by name)` };
  }
  return undefined;
}

/** `@CurrentUser({ required: true })` on a parameter: routing-controllers refuses the request without a user. */
function requiredUser(method: AstNode, names: Map<string, string>, index: JsIndex): MwRef | undefined {
  const value = (method as unknown as { value?: { params?: AstNode[] } }).value;
  for (const p of value?.params ?? []) {
    for (const d of parameterOf(p).decorators) {
      if (names.get(d.name) !== 'CurrentUser') continue;
      const required = d.args[0] ? objectProp(unwrap(d.args[0]), 'required') : undefined;
      if (required && index.text(required) === 'true') return { name: '@CurrentUser({ required: true })', role: 'auth-user', why: '@CurrentUser({ required: true })' };
    }
  }
  return undefined;
}

/** tegg `@HTTPMethod({ method: HTTPMethodEnum.POST, path: '/x' })` (or `method: 'POST'`); tegg's default verb is GET. */
function optionsRoute(d: DecoratorInfo, index: JsIndex): { verb: string; paths: string[] } | undefined {
  const options = d.args[0] ? unwrap(d.args[0]) : undefined;
  if (options?.type !== 'ObjectExpression') return undefined;
  const method = objectProp(options, 'method');
  const m = method ? unwrap(method) : undefined;
  const verb = m ? (stringValue(m, index) ?? (m.type === 'MemberExpression' && m.property.type === 'Identifier' ? m.property.name : undefined)) : 'GET';
  const path = objectProp(options, 'path');
  const given = path ? unwrap(path) : undefined;
  const templated = given?.type === 'TemplateLiteral' && stringValue(given, index) === undefined ? plainParams(templatePath(given, index)) : undefined;
  const paths = templated !== undefined && !templated.includes('${') ? [templated] : decoratorPaths(d.args, index).map(plainParams);
  return verb ? { verb: verb.toUpperCase(), paths } : undefined;
}

/**
 * A template path whose substitutions sit only in parameter patterns (`/:name(${NAME_PATTERN})/sync`):
 * the pattern is dropped by plainParams, so the path is known; one elsewhere (`${PREFIX}/x`) stays,
 * and the path is read as any unresolved one.
 */
function templatePath(t: AstNode & { type: 'TemplateLiteral' }, index: JsIndex): string {
  return t.quasis.map((q, i) => (q.value.cooked ?? q.value.raw) + (i < t.expressions.length ? `\${${index.text(t.expressions[i] as AstNode)}}` : '')).join('');
}

/** Koa/path-to-regexp parameter patterns (`:fullname(@[^/]+/[^/]+|[^@/]+)`, `:path(.*)`): the parameter alone. */
function plainParams(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    out += path[i];
    if (path[i] !== ':') continue;
    const name = /^[A-Za-z_]\w*/.exec(path.slice(i + 1))?.[0];
    if (!name || path[i + 1 + name.length] !== '(') continue;
    out += name;
    let depth = 0;
    let j = i + 1 + name.length;
    for (; j < path.length; j++) {
      if (path[j] === '\\') j++;
      else if (path[j] === '(') depth++;
      else if (path[j] === ')' && --depth === 0) break;
    }
    i = j;
  }
  return out;
}

function methodPaths(d: DecoratorInfo, imported: string, framework: DecoratorFramework, index: JsIndex): { verb: string; paths: string[] } | undefined {
  if (imported === framework.optionsMethod) return optionsRoute(d, index);
  if (imported === framework.anyMethod) {
    const verb = d.args[0] ? stringValue(d.args[0], index) : undefined;
    return verb ? { verb: verb.toUpperCase(), paths: decoratorPaths(d.args.slice(1), index) } : undefined;
  }
  const verb = framework.methods.get(imported);
  return verb ? { verb, paths: decoratorPaths(d.args, index) } : undefined;
}

export function controllerRoutes(framework: DecoratorFramework, index: JsIndex): FactInput[] {
  const names = importedDecorators(framework, index);
  if (names.size === 0) return [];
  const importedOf = (d: DecoratorInfo) => names.get(d.name) ?? '';
  const out: FactInput[] = [];
  for (const cls of index.nodesOf('ClassDeclaration')) {
    const cdecs = decoratorsOf(cls as AstNode);
    const ctrl = cdecs.find((d) => framework.controller.has(importedOf(d)));
    if (!ctrl) continue;
    const prefixes = decoratorPaths(ctrl.args, index);
    const classAccess = cdecs.flatMap((d) => accessOf(d, importedOf(d), framework, index));
    const kids = framework.children ? cdecs.filter((d) => importedOf(d) === framework.children).flatMap(childNames) : [];
    if (kids.length > 0 && cls.id?.name) {
      const record: ChildRecord = { framework: framework.id, parent: cls.id.name, prefix: joinPath('', prefixes[0]), mw: classAccess, children: kids };
      out.push(childFact(record, index.evidence(cls as AstNode), `${index.file}#${CHILDREN_SETTING}:${cls.id.name}`));
    }
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition') continue;
      const mdecs = decoratorsOf(m as AstNode);
      const methodName = m.key.type === 'Identifier' ? m.key.name : 'method';
      // tsoa `@NoSecurity()` drops the controller's `@Security`; its own still count.
      const open = framework.id === 'tsoa' && mdecs.some((d) => importedOf(d) === 'NoSecurity');
      const mw = [...(open ? classAccess.filter((r) => !r.name.startsWith('@Security')) : classAccess), ...mdecs.flatMap((d) => accessOf(d, importedOf(d), framework, index))];
      const user = requiredUser(m as AstNode, names, index);
      if (user) mw.push(user);
      const handler = { file: index.file, line: index.line(m as AstNode), name: `${cls.id?.name ?? 'Controller'}.${methodName}` };
      // What a webhook receiver among these routes could have verified of its sender (webhook-input.ts).
      const hook = decoratedWebhookInput((m as { value: FunctionLike }).value, index);
      // tegg handlers check the caller themselves (`ctx`, a service's `requireLogin(ctx)`): read like an Express handler's body.
      const body = framework.handlerBody && mdecs.some((d) => importedOf(d) === framework.optionsMethod) ? summarizeHandler((m as { value: FunctionLike }).value, index) : undefined;
      if (body) out.push(...accessFacts(body, index, { file: index.file, line: index.line(m as AstNode) }));
      const service = body ? serviceGuard((m as { value: FunctionLike }).value, index) : undefined;
      if (service) mw.push(service);
      for (const d of mdecs) {
        const route = methodPaths(d, importedOf(d), framework, index);
        if (!route) continue;
        // One opt-out of the set's default authentication tells link what that default is (in-house.ts).
        if (framework.inHouse && optsOut(d, index)) out.push(optOutFact(index, d.node, framework.modules[0]));
        const evidence = index.evidence(d.node);
        for (const prefix of prefixes) {
          for (const local of route.paths) {
            let path = joinPath(joinPath('', prefix), local);
            if (framework.bracedParams) path = braced(path);
            const meta: RouteMeta = { mw, local: path };
            if (body?.inline) meta.inline = body.inline;
            if (body?.guardCalls) meta.guardCalls = body.guardCalls;
            if (body?.tags.length) meta.handlerTags = body.tags;
            const extraTags = hook && route.verb !== 'GET' && route.verb !== 'HEAD' ? [hook] : undefined;
            out.push(routeFact({ framework: framework.id, method: route.verb, path, evidence, handler, meta, ...(extraTags ? { extraTags } : {}) }));
          }
        }
      }
    }
  }
  return out;
}
