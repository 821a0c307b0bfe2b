// One file's decorator controllers: each decorated method of a controller class is a route at the
// controller's path joined with its own, behind what the class and the method declare.
import type { FactInput } from '../../../model/types.js';
import { objectProp, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { joinPath, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { mwRef } from '../_lib/routes-refs.js';
import { decoratorPaths, decoratorsOf, parameterOf, type DecoratorInfo } from '../nestjs/decorators.js';
import type { DecoratorFramework } from './frameworks.js';
import { diKey } from './di.js';
import { childFact, CHILDREN_SETTING, type ChildRecord } from './children.js';
import { decoratedWebhookInput } from './webhook-input.js';
import { inHouseAccess, optOutFact, optsOut } from './in-house.js';

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

function methodPaths(d: DecoratorInfo, imported: string, framework: DecoratorFramework, index: JsIndex): { verb: string; paths: string[] } | undefined {
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
            const extraTags = hook && route.verb !== 'GET' && route.verb !== 'HEAD' ? [hook] : undefined;
            out.push(routeFact({ framework: framework.id, method: route.verb, path, evidence, handler, meta, ...(extraTags ? { extraTags } : {}) }));
          }
        }
      }
    }
  }
  return out;
}
