// NestJS: controllers (@Controller + @Get/@Post...), GraphQL resolvers (@Query/@Mutation),
// WebSocket gateways (@SubscribeMessage); guards from @UseGuards on class and method, role
// metadata (@Roles/@Permissions), opt-outs (@Public/@SkipAuth), upload interceptors, throttling;
// global guards (APP_GUARD providers, app.useGlobalGuards) and the global prefix for link; Swagger
// UI and static asset routes served by the HTTP adapter (served-routes.ts).
import type { FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  jsIndex,
  memberPath,
  objectProp,
  stringValue,
  unwrap,
  calleeObject,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { constructRef } from '../_lib/routes-refs.js';
import { joinPath, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { decoratorPath, decoratorPaths, decoratorsOf, type DecoratorInfo } from './decorators.js';
import { nestAccess } from './access.js';
import { servedRoutes } from './served-routes.js';
import { deferFacts, enhancerRecords, GUARDS_SKIPPED, linkNest, pathRecords, record, versionTag } from './paths.js';
import { passportRecords } from './passport.js';
import { serviceTokenRecords } from './service-tokens.js';
import { guardPolicyRecords } from './guard-policies.js';
import { bodyTokenCheck, handlerRoleCheck } from './handler-roles.js';
import { sessionScope } from './session-scope.js';
import { caslRecords } from './casl.js';
import { rolePermissionRecords } from './role-permissions.js';
import { routerModuleRecords } from './router-module.js';
import { connectionCheck, gatewayBase } from './gateways.js';
import { compositeCandidates, compositeRecords, NEST_COMPOSITE } from './composite.js';
import { DEV_TAGS, envGatedHandler, refsRecord } from './reachability.js';
import { gateCall, methodGate, NEST_GATE_CALL, serviceGateRecords } from './service-gates.js';
import { inertGuardRecords } from './inert-guards.js';
import { publicKeyRecords, routeKeysTag } from './public-keys.js';
import { abilityCheck, NEST_ABILITY } from './ability-checks.js';
import { frontEndDelegate, readOnlyHandler } from './read-only.js';
import { handlerPermissionCheck } from './handler-permissions.js';
import { validationPipeFacts } from './validation-pipes.js';
import { webhookInput } from './webhook-input.js';

const HTTP = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
/** Methods whose routes the state-changing checks leave alone: no gate is looked for. */
const STATE_SAFE = new Set(['Get', 'Options', 'Head']);
const GQL = new Set(['Query', 'Mutation', 'Subscription', 'ResolveField']);
const PUBLIC = /^(Public|IsPublic|SkipAuth|AllowAnonymous|Anonymous|NoAuth|Unprotected|PublicRoute|SkipJwt|SkipAuthentication)$/;
const ROLES = /^(Has|Require|Requires|Required|Check|Allowed|Allow)?(Roles?|Permissions?|Scopes?|Policies|Policy|Abilities|Ability|Privileges?)$|^(Authorize|Auth|AdminOnly|Admin)$/;

/** A guard expression in @UseGuards / useGlobalGuards / APP_GUARD. */
function guardRef(expr: AstNode, index: JsIndex): MwRef {
  let n = unwrap(expr);
  if (n.type === 'NewExpression') n = unwrap(n.callee);
  if (n.type === 'CallExpression') {
    const known = constructRef(n, index, index.text(n));
    if (known) return known;
    const r = index.resolvedCallee(n) ?? '';
    if (/(^|\.)AuthGuard$/.test(r)) return { name: index.text(n), role: 'auth-user', mechanism: 'jwt', why: index.text(n) };
    return { name: index.text(n), byName: memberPath(n.callee as AstNode)?.pop() };
  }
  const name = memberPath(n)?.join('.') ?? index.text(n);
  const ref: MwRef = { name, byName: name.split('.').pop() };
  const b = index.bindings.get(name);
  if (b && b.module.startsWith('.')) Object.assign(ref, { module: b.module, from: index.file, export: b.imported === '*' ? 'default' : b.imported });
  return ref;
}

function guardsOf(decs: DecoratorInfo[], index: JsIndex): MwRef[] {
  const out: MwRef[] = [];
  for (const d of decs) {
    if (d.name === 'UseGuards') out.push(...d.args.map((a) => guardRef(a, index)));
    if (ROLES.test(d.name) && d.args.length > 0) out.push({ name: `@${d.name}(${d.args.map((a) => index.text(a)).join(', ')})`, role: 'auth-role', args: d.args.map((a) => stringValue(a, index) ?? index.text(a)).join(','), why: `@${d.name}` });
    if (d.name === 'Throttle') out.push({ name: '@Throttle', role: 'rate-limit' });
  }
  return out;
}

function controllers(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration')]) {
    const cdecs = decoratorsOf(cls);
    const ctrl = cdecs.find((d) => d.name === 'Controller');
    const resolver = cdecs.find((d) => d.name === 'Resolver');
    const gateway = cdecs.find((d) => d.name === 'WebSocketGateway');
    if (!ctrl && !resolver && !gateway) continue;
    const prefixes = ctrl ? decoratorPaths(ctrl.args, index) : [''];
    const classGuards = guardsOf(cdecs, index);
    const classPublic = cdecs.some((d) => PUBLIC.test(d.name));
    // Gateways (gateways.ts): events under the namespace or path, the connection's own check.
    const base = gateway && !ctrl && !resolver ? gatewayBase(gateway.args, index) : undefined;
    const connection = base !== undefined ? connectionCheck(cls, index) : undefined;
    let events = 0;
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition') continue;
      const mdecs = decoratorsOf(m as AstNode);
      const httpDec = mdecs.find((d) => HTTP.has(d.name));
      const gqlDec = mdecs.find((d) => GQL.has(d.name));
      const wsDec = mdecs.find((d) => d.name === 'SubscribeMessage');
      const dec = ctrl ? httpDec : resolver ? gqlDec : wsDec;
      if (!dec) continue;
      const methodName = m.key.type === 'Identifier' ? m.key.name : 'method';
      const mw = [...classGuards, ...guardsOf(mdecs, index)];
      const tags: string[] = [];
      if (mdecs.some((d) => d.name === 'UseInterceptors' && d.args.some((a) => /File|Files|Multer/.test(index.text(a))))) mw.push({ name: '@UseInterceptors(FileInterceptor)', role: 'upload' });
      if (mdecs.some((d) => d.name === 'SkipThrottle')) tags.push('throttle-skipped');
      // `if (process.env.NODE_ENV !== 'test') throw new NotFoundException()` first (reachability.ts).
      if (envGatedHandler((m as { value: FunctionLike }).value, index)) tags.push(...DEV_TAGS);
      // An RPC-style read POSTed (`@Post('info')` returning `this.svc.getInfo(dto)`): not a write by its verb.
      if (ctrl && dec.name === 'Post' && readOnlyHandler((m as { value: FunctionLike }).value)) tags.push('no-state-change');
      // The request handed whole to a server-rendering front end (`next.getRequestHandler()(req, res)`): its pages answer.
      if (ctrl && dec.name === 'Get' && frontEndDelegate((m as { value: FunctionLike }).value)) tags.push('page-only');
      // Gates kept in code (service-gates.ts): the handler's own, or its first service call's (link).
      if (ctrl && !STATE_SAFE.has(dec.name)) {
        const fn = (m as { value: FunctionLike }).value;
        const gate = methodGate(cls, fn, index);
        const call = gate ? undefined : gateCall(cls, fn);
        if (gate) tags.push(gate);
        else if (call) tags.push(NEST_GATE_CALL + call);
        const input = gate ? undefined : webhookInput(fn, index);
        if (input) tags.push(input);
      }
      // Decorators that may bundle guards (composite.ts): expanded in link.
      const composites = compositeCandidates([...cdecs, ...mdecs], index);
      if (composites.length > 0) tags.push(NEST_COMPOSITE + JSON.stringify(composites));
      // Metadata the route's decorators set, for guards that skip it (public-keys.ts).
      const keys = ctrl || resolver ? routeKeysTag([...cdecs, ...mdecs], index) : undefined;
      if (keys) tags.push(keys);
      const meta: RouteMeta = { mw, public: classPublic || mdecs.some((d) => PUBLIC.test(d.name)) };
      const roleCheck = handlerRoleCheck(m as AstNode, index);
      if (roleCheck) meta.inline = roleCheck;
      else if (bodyTokenCheck(m as AstNode, index)) tags.push('capability-token');
      // A write that asks whether the caller holds a permission itself (handler-permissions.ts).
      else if ((resolver ? dec.name === 'Mutation' : ctrl && !STATE_SAFE.has(dec.name)) && handlerPermissionCheck(m as AstNode, index)) tags.push('handler-authz');
      else {
        // `if (ability.cannot(Action.Manage, Subject.X)) throw` first: judged by the grants in link.
        const ability = abilityCheck(m as AstNode, index);
        if (ability) tags.push(NEST_ABILITY + JSON.stringify(ability));
      }
      const session = sessionScope(m as AstNode);
      if (session) tags.push(session);
      else if (connection) meta.inline = connection;
      const version = ctrl ? versionTag(ctrl.args, mdecs.find((d) => d.name === 'Version')?.args, index) : undefined;
      if (version) tags.push(version);
      const handler = { file: index.file, line: index.line(m as AstNode), name: `${cls.id?.name ?? 'Controller'}.${methodName}` };
      if (ctrl) {
        const evidence = index.evidence(dec.node);
        // One route per path of an array (`@Get([':shareId/p/:slug', 'p/:slug'])`), same handler.
        for (const prefix of prefixes) {
          for (const local of decoratorPaths(dec.args, index)) {
            const path = joinPath(joinPath('', prefix), local);
            out.push(routeFact({ framework: 'nestjs', method: dec.name.toUpperCase(), path, evidence, handler, meta: { ...meta, local: path }, extraTags: tags }));
          }
        }
        out.push(...nestAccess(m as AstNode, index, evidence.line));
      } else {
        const name = decoratorPath(dec.args, index) || methodName;
        const field = base !== undefined ? `${base}#${name}` : name;
        meta.local = field;
        const protocol = resolver ? 'graphql' : 'websocket';
        if (!resolver) events++;
        out.push(routeFact({ framework: 'nestjs', protocol, method: resolver ? dec.name.toUpperCase() : 'MESSAGE', path: field, evidence: index.evidence(dec.node), handler, meta, extraTags: tags }));
      }
    }
    // A gateway without message handlers still accepts connections; Nest guards never run for them.
    const onConnect = base !== undefined && events === 0 ? cls.body.body.find((m) => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === 'handleConnection') : undefined;
    if (onConnect) {
      const local = `${base}#connection`;
      const handler = { file: index.file, line: index.line(onConnect as AstNode), name: `${cls.id?.name ?? 'Gateway'}.handleConnection` };
      const meta: RouteMeta = { mw: [], local, public: true, ...(connection ? { inline: connection } : {}) };
      out.push(routeFact({ framework: 'nestjs', protocol: 'websocket', method: 'MESSAGE', path: local, evidence: index.evidence(gateway!.node), handler, meta, extraTags: [GUARDS_SKIPPED] }));
    }
  }
  return out;
}

function globals(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const guard = (at: AstNode, ref: MwRef) =>
    out.push({ kind: 'config', setting: 'auth-global-guard', values: { framework: 'nestjs', guard: ref.name, data: JSON.stringify({ framework: 'nestjs', guard: ref }) }, summary: `global guard ${ref.name}`, evidence: index.evidence(at), key: `${index.file}#config:auth-global-guard:${ref.name}` });
  for (const obj of index.nodesOf('ObjectExpression')) {
    if (memberPath(objectProp(obj, 'provide'))?.join('.') !== 'APP_GUARD') continue;
    const cls = objectProp(obj, 'useClass') ?? objectProp(obj, 'useExisting');
    if (cls) guard(obj, guardRef(cls, index));
  }
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (prop === 'useGlobalGuards') for (const a of call.arguments) guard(call, guardRef(a as AstNode, index));
    if (/(^|\.)NestFactory\.create$/.test(index.resolvedCallee(call) ?? '')) {
      out.push({ kind: 'config', setting: 'server-app', values: { framework: 'nestjs', name: 'app' }, summary: 'NestJS application', evidence: index.evidence(call), key: `${index.file}#server-app:nestjs` });
    }
    if (prop === 'forRoutes') out.push(...middlewareConsumer(call, index));
    out.push(...pathRecords(call, index, (a) => routeSelector(a, index)));
  }
  out.push(...enhancerRecords(index));
  out.push(...validationPipeFacts(index));
  out.push(...passportRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...serviceTokenRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...serviceGateRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...inertGuardRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...publicKeyRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...guardPolicyRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...caslRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...rolePermissionRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...routerModuleRecords(index).map((r) => record(index, r.at, r.data, r.key)));
  out.push(...compositeRecords(index, (a) => guardRef(a, index)).map((r) => record(index, r.at, r.data, r.key)));
  // Names module files use, for which controllers are served at all (reachability.ts).
  const refs = refsRecord(index);
  if (refs) out.push(record(index, index.program as AstNode, refs, 'nest-refs'));
  return out;
}

/**
 * The selectors of forRoutes/exclude arguments: spreads and same-file array constants are opened
 * (`forRoutes(...authenticatedControllers)` with `const authenticatedControllers = [A, B]`).
 */
function routeSelectors(args: AstNode[], index: JsIndex, depth = 0): ReturnType<typeof routeSelector>[] {
  return args.flatMap((arg) => {
    let a = unwrap(arg);
    if (a.type === 'SpreadElement') a = unwrap(a.argument as AstNode);
    for (let i = 0; i < 3 && a.type === 'Identifier'; i++) {
      const init = unwrap(index.constInit(a.name));
      if (!init || init.type !== 'ArrayExpression') break;
      a = init;
    }
    if (a.type === 'ArrayExpression' && depth < 3) return routeSelectors(a.elements.filter((e): e is NonNullable<typeof e> => !!e) as AstNode[], index, depth + 1);
    return [routeSelector(a, index)];
  });
}

/** A route selector of forRoutes/exclude: 'cats', { path, method }, or a controller class. */
function routeSelector(arg: AstNode, index: JsIndex): { path?: string; method?: string; controller?: string } {
  const a = unwrap(arg);
  const s = stringValue(a, index);
  if (s !== undefined) return { path: s };
  if (a.type === 'ObjectExpression') {
    const method = memberPath(objectProp(a, 'method'))?.pop();
    return { path: stringValue(objectProp(a, 'path'), index) ?? '*', ...(method && method !== 'ALL' ? { method } : {}) };
  }
  return { controller: memberPath(a)?.join('.') ?? index.text(a) };
}

/** consumer.apply(AuthMiddleware).exclude(...).forRoutes(...) in a module's configure(). */
function middlewareConsumer(call: CallLike, index: JsIndex): FactInput[] {
  let cur = calleeObject(call);
  const exclude: ReturnType<typeof routeSelector>[] = [];
  let applied: AstNode[] = [];
  for (let i = 0; i < 4 && cur && cur.type === 'CallExpression'; i++) {
    const p = calleeProperty(cur);
    if (p === 'exclude') exclude.push(...routeSelectors(cur.arguments as AstNode[], index));
    if (p === 'apply') {
      applied = cur.arguments as AstNode[];
      break;
    }
    cur = calleeObject(cur);
  }
  const routes = routeSelectors(call.arguments as AstNode[], index);
  return applied.map((a) => {
    const guard = guardRef(a, index);
    const record = { framework: 'nestjs', guard, routes, exclude };
    return { kind: 'config', setting: 'auth-global-guard', values: { framework: 'nestjs', guard: guard.name, data: JSON.stringify(record) }, summary: `middleware ${guard.name} for selected routes`, evidence: index.evidence(call), key: `${index.file}#config:auth-global-guard:${guard.name}:${index.line(call)}` } as FactInput;
  });
}

export const extractor: Extractor = {
  id: 'js/nestjs',
  title: 'NestJS controllers, resolvers and gateways with guards, roles, public opt-outs and global guards',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['@nestjs/', 'Controller', 'APP_GUARD', 'useGlobalGuards', 'SwaggerModule', 'useStaticAssets', 'ServeStaticModule', 'dmin', 'DMIN'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    // A role→permission map often sits in a shared library that imports nothing of Nest.
    if (!index.imports('@nestjs/*')) {
      const roles = rolePermissionRecords(index).map((r) => record(index, r.at, r.data, r.key));
      // A module declared with decorators re-exported by a shared package still lists controllers.
      const refs = /@Module\s*\(/.test(index.content) ? refsRecord(index) : undefined;
      if (refs) roles.push(record(index, index.program as AstNode, refs, 'nest-refs'));
      return roles.length > 0 ? roles : null;
    }
    const facts = deferFacts([...controllers(index), ...globals(index), ...servedRoutes(index)]);
    return facts.length > 0 ? facts : null;
  },
  link: linkNest,
};
