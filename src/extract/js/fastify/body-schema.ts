// Fastify body validation that drops undeclared fields: a route `schema.body` (JSON schema or
// TypeBox) is tagged `body-schema`, and `body-schema-closed` when the schema itself says
// `additionalProperties: false` or is a zod object (fastify-type-provider-zod strips undeclared
// keys); `Fastify({ ajv: { customOptions: { removeAdditional: 'all' } } })` is a `body-validation`
// config fact (ajv then strips every undeclared property of every schema).
// The mass-assignment rule reads both: such a body only carries the declared fields.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, literalValue, objectProp, resolveObject, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { HTTP_METHODS } from '../_lib/routes.js';

const ROUTE_CALLS = new Set<string>([...HTTP_METHODS, 'route']);

/** Zod methods that keep undeclared keys (zod strips them by default). */
const ZOD_OPEN = new Set(['passthrough', 'catchall', 'loose', 'looseObject']);

/**
 * `z.object({...})` and its refinements (`.describe()`, `.refine()`, `.extend()`): with
 * fastify-type-provider-zod the parsed body keeps only the declared keys, unless `.passthrough()`
 * or `.catchall()` keeps the others.
 */
function zodObject(call: AstNode, index: JsIndex): boolean {
  let n: AstNode | undefined = call;
  for (let depth = 0; n?.type === 'CallExpression' && depth < 12; depth++) {
    const callee: AstNode = unwrap(n.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return false;
    const name = callee.property.name;
    if (ZOD_OPEN.has(name)) return false;
    const obj: AstNode = unwrap(callee.object as AstNode);
    if (obj.type === 'Identifier') return (name === 'object' || name === 'strictObject') && (index.resolvedName(obj) === 'zod' || /^z$/.test(obj.name));
    n = obj;
  }
  return false;
}

/** The schema is an object literal or `Type.Object(props, { additionalProperties: false })`. */
function closedSchema(node: AstNode | undefined, index: JsIndex): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'Identifier') return closedSchema(index.constInit(n.name), index);
  if (n.type === 'ObjectExpression') return literalValue(objectProp(n, 'additionalProperties'), index) === false;
  if (n.type === 'CallExpression' && zodObject(n, index)) return true;
  if (n.type === 'CallExpression' && /^(Type\.)?(Object|Strict)$/.test(index.text(n.callee as AstNode))) {
    return (n.arguments as AstNode[]).some((a) => closedSchema(a, index) || literalValue(objectProp(resolveObject(a, index), 'additionalProperties'), index) === false);
  }
  return false;
}

/** Line of each route registration with a body schema, and whether that schema is closed. */
export function bodySchemaLines(index: JsIndex): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop || !ROUTE_CALLS.has(prop)) continue;
    const args = call.arguments as AstNode[];
    const opts = prop === 'route' ? args[0] : args.length >= 3 ? args[1] : undefined;
    const schema = resolveObject(objectProp(resolveObject(opts, index), 'schema'), index);
    const body = objectProp(schema, 'body');
    if (body) out.set(index.evidence(call).line, closedSchema(body, index));
  }
  return out;
}

/** Tag the routes of this file that declare a body schema. */
export function tagBodySchemas(facts: FactInput[], index: JsIndex): FactInput[] {
  const lines = bodySchemaLines(index);
  if (lines.size === 0) return facts;
  return facts.map((f) => {
    if (f.kind !== 'entrypoint' || !lines.has(f.evidence.line)) return f;
    return { ...f, tags: [...(f.tags ?? []), 'body-schema', ...(lines.get(f.evidence.line) ? ['body-schema-closed'] : [])] };
  });
}

/** `Fastify({ ajv: { customOptions: { removeAdditional: 'all' } } })`. */
export function ajvConfigFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (!/^fastify(\.fastify|\.default)?$/.test(index.resolvedCallee(call) ?? '')) continue;
    const ajv = resolveObject(objectProp(resolveObject(call.arguments[0] as AstNode, index), 'ajv'), index);
    const custom = resolveObject(objectProp(ajv, 'customOptions'), index);
    const remove = literalValue(objectProp(custom, 'removeAdditional'), index);
    if (remove === undefined) continue;
    const value = typeof remove === 'string' || typeof remove === 'boolean' ? remove : String(remove);
    out.push({ kind: 'config', setting: 'body-validation', values: { library: 'ajv', removeAdditional: value }, summary: `ajv removeAdditional: ${String(value)}`, evidence: index.evidence(call), key: `${index.file}#config:body-validation:ajv` });
  }
  return out;
}
