// Middleware named by a DI service identifier (inversify-express-utils: `@controller('/x',
// TYPES.AuthMiddleware)`): the container binds the identifier to a middleware class
// (`container.bind(TYPES.AuthMiddleware).to(AuthMiddleware)`), whose `handler(req, res, next)`
// js/auth judges like any guard, in that class or the base class it inherits it from. This file
// records bindings and class bases; link rewrites each identifier to the class whose verdict
// applies, and js/express's link then judges it by name.
import type { EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeProperty, nodesUnder, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { decodeMeta, encodeMeta, ROUTE_TAG, type MwRef } from '../_lib/routes.js';

const BINDING = 'js-di-binding';
const BASE = 'js-class-base';
/** Modules whose container API binds service identifiers. */
export const CONTAINER_MODULES = ['inversify'];

/**
 * The name a service identifier is known by, the same at the binding and the use:
 * `TYPES.AuthMiddleware` → `AuthMiddleware`, `'AuthMiddleware'`, or a local `Symbol(...)` constant's name.
 */
export function diKey(expr: AstNode | undefined, index: JsIndex): string | undefined {
  const node = unwrap(expr ?? null);
  if (!node) return undefined;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  const literal = node.type === 'Literal' || node.type === 'TemplateLiteral' ? stringValue(node, index) : undefined;
  if (literal) return literal;
  if (node.type === 'Identifier') {
    const init = unwrap(index.constInit(node.name) ?? null);
    if (init?.type === 'CallExpression' && /^Symbol(\.for)?$/.test(index.text(init.callee as AstNode))) return node.name;
  }
  return undefined;
}

/** The class a binding's target names: `.to(C)`, `.toConstantValue(new C(...))`, `.toDynamicValue(() => new C())`, `.toSelf()`. */
function boundClass(call: AstNode & { type: 'CallExpression' }, bound: AstNode | undefined): string | undefined {
  const how = calleeProperty(call);
  const arg = unwrap((call.arguments[0] as AstNode | undefined) ?? null);
  const named = (n: AstNode | null): string | undefined => (n?.type === 'Identifier' ? n.name : undefined);
  if (how === 'to') return named(arg);
  if (how === 'toSelf') return named(unwrap(bound ?? null));
  if (how === 'toConstantValue') return arg?.type === 'NewExpression' ? named(unwrap(arg.callee as AstNode)) : undefined;
  if (how === 'toDynamicValue' && (arg?.type === 'ArrowFunctionExpression' || arg?.type === 'FunctionExpression')) {
    let made = unwrap((arg.body as AstNode | null) ?? null);
    // `(context) => { return new C(context.container.get(...)) }`
    if (made?.type === 'BlockStatement') made = unwrap((nodesUnder(made, 'ReturnStatement')[0]?.argument as AstNode | null | undefined) ?? null);
    return made?.type === 'NewExpression' ? named(unwrap(made.callee as AstNode)) : undefined;
  }
  return undefined;
}

/** `bind<C>(KEY)`: the class the binding is typed with, when its target does not name one. */
function typedClass(bind: AstNode & { type: 'CallExpression' }): string | undefined {
  const param = (bind as unknown as { typeArguments?: { params?: AstNode[] } | null }).typeArguments?.params?.[0] as (AstNode & { typeName?: AstNode }) | undefined;
  return param?.type === 'TSTypeReference' && param.typeName?.type === 'Identifier' ? param.typeName.name : undefined;
}

/** `container.bind<T>(KEY).to(Class)` and its other forms, in a file that imports the container module. */
export function bindingFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const how = calleeProperty(call);
    if (how !== 'to' && how !== 'toSelf' && how !== 'toConstantValue' && how !== 'toDynamicValue') continue;
    const callee = unwrap(call.callee as AstNode);
    const bind = callee.type === 'MemberExpression' ? unwrap(callee.object as AstNode) : undefined;
    if (bind?.type !== 'CallExpression' || calleeProperty(bind) !== 'bind') continue;
    const key = diKey(bind.arguments[0] as AstNode | undefined, index);
    const cls = boundClass(call, bind.arguments[0] as AstNode | undefined) ?? typedClass(bind);
    if (!key || !cls) continue;
    out.push({ kind: 'config', setting: BINDING, values: { key, class: cls }, evidence: index.evidence(call), key: `${index.file}#${BINDING}:${key}` });
  }
  return out;
}

/**
 * What a class that refuses callers holds somewhere (a helper method may send the refusal): with
 * none of it, a handler js/auth did not judge a guard lets everyone through.
 */
const MAY_REFUSE = /\b(401|403|[Uu]nauthori[sz]ed|[Ff]orbidden|verify|throw)\b/;

/** Signs of refusing in the class, or a call of an inherited method (`this.refuse(res)`) that may refuse out of sight. */
function mayRefuse(classBody: AstNode, handler: AstNode, index: JsIndex): boolean {
  if (MAY_REFUSE.test(index.text(classBody))) return true;
  const own = new Set(classBody.type === 'ClassBody' ? classBody.body.flatMap((m) => (m.type === 'MethodDefinition' && m.key.type === 'Identifier' ? [m.key.name] : [])) : []);
  return nodesUnder(handler, 'CallExpression').some((c) => {
    const callee = unwrap(c.callee as AstNode);
    return callee.type === 'MemberExpression' && unwrap(callee.object as AstNode).type === 'ThisExpression' && callee.property.type === 'Identifier' && !own.has(callee.property.name);
  });
}

/** `.status(429)` Too Many Requests or `.status(423)` Locked: a middleware that throttles or locks out callers. */
function answersTooMany(body: AstNode, index: JsIndex): boolean {
  return nodesUnder(body, 'CallExpression').some((c) => /^(status|sendStatus)$/.test(calleeProperty(c) ?? '') && /^(429|423)$/.test(index.text(c.arguments[0] as AstNode)));
}

/** Named classes extending a named class: the way from a bound subclass to the handler it inherits. */
export function classBaseFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const cls of index.nodesOf('ClassDeclaration')) {
    const base = unwrap((cls.superClass as AstNode | null) ?? null);
    if (!cls.id || base?.type !== 'Identifier') continue;
    const handler = cls.body.body.find((m) => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === 'handler' && (m.value.params?.length ?? 0) >= 3);
    const body = handler?.type === 'MethodDefinition' ? (handler.value.body as AstNode | null) : null;
    const kind = !body ? undefined : answersTooMany(body, index) ? 'limits' : mayRefuse(cls.body as AstNode, body, index) ? 'may-refuse' : 'passes';
    const values = { class: cls.id.name, base: base.name, ...(kind ? { handler: kind } : {}) };
    out.push({ kind: 'config', setting: BASE, values, evidence: index.evidence(cls as AstNode), key: `${index.file}#${BASE}:${cls.id.name}` });
  }
  return out;
}

/**
 * The DI middleware of decorator routes, rewritten to the guard class link judges (`byName`); the
 * records removed. An identifier bound to nothing judged stays `unknown`: it may still refuse.
 */
export function linkDiMiddleware(facts: Fact[], extractorId: string): Fact[] {
  const bound = new Map<string, string>();
  const bases = new Map<string, string>();
  /** Classes with their own `handler(req, res, next)`: seen, so a class that is no guard is known to be none. */
  const handlers = new Map<string, string>();
  const guards = new Set<string>();
  let records = false;
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === BINDING || f.setting === BASE)) {
      records = true;
      const v = f.values as Record<string, string>;
      if (f.setting === BINDING && !bound.has(v.key)) bound.set(v.key, v.class);
      if (f.setting === BASE && !bases.has(v.class)) bases.set(v.class, v.base);
      if (f.setting === BASE && v.handler) handlers.set(v.class, v.handler);
    } else if (f.kind === 'auth' && f.role === 'guard-definition' && f.name) guards.add(f.name);
  }
  if (!records) return facts;
  /** The class whose `handler` runs for a bound class: a judged guard, or a handler seen and judged none. */
  const handlerOf = (cls: string | undefined): { guard?: string; plain?: string; limits?: boolean } => {
    for (let hops = 0; cls && hops < 5; hops++, cls = bases.get(cls)) {
      if (guards.has(cls)) return { guard: cls };
      const seen = handlers.get(cls);
      // A handler that may refuse in ways js/auth did not judge stays unknown.
      if (seen === 'may-refuse') return {};
      if (seen) return { plain: cls, limits: seen === 'limits' };
    }
    return {};
  };
  const rewrite = (ref: MwRef): MwRef => {
    if (!ref.di) return ref;
    const { di, role: _role, why: _why, ...rest } = ref;
    const { guard, plain, limits } = handlerOf(bound.get(di));
    if (guard) return { ...rest, byName: guard };
    if (limits) return { ...rest, role: 'rate-limit', why: `${ref.name}: ${plain}.handler answers 429 or 423` };
    return plain ? { ...rest, role: 'other', why: `${ref.name}: ${plain}.handler refuses no one` } : ref;
  };
  return facts.flatMap((f): Fact[] => {
    if (f.kind === 'config' && (f.setting === BINDING || f.setting === BASE)) return [];
    if (f.kind !== 'entrypoint' || f.extractor !== extractorId) return [f];
    const meta = decodeMeta(f.tags);
    if (!meta?.mw.some((r) => r.di)) return [f];
    const moved: EntrypointFact = { ...f, tags: (f.tags ?? []).map((t) => (t.startsWith(ROUTE_TAG) ? encodeMeta({ ...meta, mw: meta.mw.map(rewrite) }) : t)) };
    return [moved];
  });
}
