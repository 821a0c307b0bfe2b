// Hapi `options.validate.payload`: hapi validates the payload before the handler runs, and a Joi
// object schema rejects keys it does not declare unless `.unknown()` / `allowUnknown` says
// otherwise, so the handler's `request.payload` holds only declared keys (a body allow-list).
import type { FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  literalValue,
  objectKeys,
  objectProp,
  resolveObject,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';

export interface PayloadSchema {
  /** Keys the schema declares at the top level. */
  fields: string[];
  /** Unknown keys pass (`.unknown()`, `allowUnknown`, `.pattern()`, a keyless `Joi.object()`). */
  unknownAllowed: boolean;
  /** Declared keys whose rule only admits a string, number, boolean or date (never an object). */
  scalars: string[];
}

/** Joi types that reject objects: hapi answers 400 to `{ "email": { "$ne": 1 } }` for `Joi.string()`. */
const SCALAR_TYPE = /^(string|number|boolean|bool|date)$/;
/** Chain methods that may admit or produce another type. */
const TYPE_CHANGING = /^(when|concat|custom|external|alternatives|allow|valid|empty|cast|raw)$/;

/** `Joi.string().email().required()`: a rule whose every admitted value is a scalar. */
function scalarRule(node: AstNode | undefined, index: JsIndex, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 12) return false;
  if (n.type === 'Identifier') return depth === 0 && scalarRule(index.constInit(n.name), index, depth + 1);
  if (n.type !== 'CallExpression') return false;
  const callee = unwrap(n.callee);
  if (callee.type !== 'MemberExpression') return false;
  const prop = calleeProperty(n) ?? '';
  const receiver = unwrap(callee.object as AstNode);
  if (receiver.type === 'Identifier' && /^(joi|J)$/i.test(receiver.name)) return SCALAR_TYPE.test(prop);
  // `.allow('')`, `.valid('a', 'b')`: literal scalars keep the rule scalar.
  if (TYPE_CHANGING.test(prop) && !((prop === 'allow' || prop === 'valid' || prop === 'empty') && n.arguments.every((a) => (unwrap(a as AstNode).type === 'Literal')))) return false;
  return scalarRule(receiver, index, depth + 1);
}

/** Keys of a rules object whose rule is scalar. */
function scalarKeys(obj: AstNode | undefined, index: JsIndex): string[] {
  const o = resolveObject(obj, index);
  return objectKeys(o).filter((k) => scalarRule(objectProp(o, k), index));
}

/** Chain methods that keep the object's keys as they are. */
const NEUTRAL = /^(tailor|alter|required|optional|label|description|describe|messages|message|prefs|preferences|options|strict|min|max|length|and|or|xor|nand|oxor|with|without|rename|default|id|meta|note|tag|example|empty|allow|valid|invalid|when|concat|custom|external|error|strip|fork)$/;

/** Reads a Joi object schema (through `const` names, `.keys()`, `.append()`, `.tailor()`...). */
export function joiObjectSchema(node: AstNode | undefined, index: JsIndex, depth = 0): PayloadSchema | undefined {
  const n = unwrap(node);
  if (!n || depth > 6) return undefined;
  if (n.type === 'Identifier') return joiObjectSchema(index.constInit(n.name), index, depth + 1);
  // Hapi compiles a plain object of Joi rules into a Joi object schema.
  if (n.type === 'ObjectExpression') return { fields: objectKeys(n), unknownAllowed: false, scalars: scalarKeys(n, index) };
  if (n.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(n);
  const callee = unwrap(n.callee);
  const receiver = callee.type === 'MemberExpression' ? unwrap(callee.object as AstNode) : undefined;
  const first = n.arguments[0] as AstNode | undefined;
  const argKeys = (): string[] => objectKeys(resolveObject(first, index));
  // `Joi.object({...})` / `Joi.object()`: the root of the chain.
  if (prop === 'object' && receiver && receiver.type === 'Identifier' && /^(joi|Joi|J)$/i.test(receiver.name)) {
    const keys = argKeys();
    return { fields: keys, unknownAllowed: !first, scalars: scalarKeys(first, index) };
  }
  if (!receiver) return undefined;
  const base = joiObjectSchema(receiver, index, depth + 1);
  if (!base) return undefined;
  if (prop === 'keys' || prop === 'append') {
    // `.keys()` with no argument allows any key.
    if (!first) return { ...base, unknownAllowed: true };
    const added = argKeys();
    return { fields: [...base.fields, ...added], unknownAllowed: base.unknownAllowed && prop === 'append', scalars: [...base.scalars.filter((k) => !added.includes(k)), ...scalarKeys(first, index)] };
  }
  if (prop === 'unknown') return { ...base, unknownAllowed: first === undefined || literalValue(first, index) !== false };
  if (prop === 'pattern') return { ...base, unknownAllowed: true };
  if (prop === 'options' || prop === 'prefs' || prop === 'preferences') {
    const allow = literalValue(objectProp(resolveObject(first, index), 'allowUnknown'), index);
    return allow === true ? { ...base, unknownAllowed: true } : base;
  }
  return prop && NEUTRAL.test(prop) ? base : undefined;
}

/** `validate: { payload, options: { allowUnknown } }` of a route, when the payload schema is readable. */
export function routePayloadSchema(options: AstNode | undefined, index: JsIndex): PayloadSchema | undefined {
  const validate = resolveObject(objectProp(options, 'validate'), index);
  const payload = objectProp(validate, 'payload');
  if (!payload) return undefined;
  const schema = joiObjectSchema(payload, index);
  if (!schema) return undefined;
  const allow = literalValue(objectProp(resolveObject(objectProp(validate, 'options'), index), 'allowUnknown'), index);
  return allow === true ? { ...schema, unknownAllowed: true } : schema;
}

/** The `body-validation` config fact mass-assignment reads for a route with a Joi payload schema. */
export function bodyValidationFact(schema: PayloadSchema, index: JsIndex, route: { file: string; line: number; endLine?: number; method: string; path: string }, handler: FunctionLike | undefined): FactInput {
  const values: Record<string, string | number | boolean> = {
    library: 'joi',
    framework: 'hapi',
    unknownAllowed: schema.unknownAllowed,
    fields: schema.fields.join(','),
    scalarFields: schema.scalars.join(','),
    routeFile: route.file,
    routeLine: route.line,
    // The route object holds its pre methods, which see the validated payload too.
    routeEndLine: route.endLine ?? route.line,
    routeMethod: route.method,
    routePath: route.path,
  };
  if (handler) {
    const ev = index.evidence(handler);
    values.handlerFile = index.file;
    values.handlerLine = ev.line;
    values.handlerEndLine = ev.endLine ?? ev.line;
  }
  return {
    kind: 'config',
    setting: 'body-validation',
    values,
    summary: `${route.method} ${route.path}: payload validated by a Joi schema (${schema.fields.slice(0, 6).join(', ')})${schema.unknownAllowed ? ' that allows unknown keys' : ''}`,
    evidence: { file: route.file, line: route.line },
    key: `${route.file}#config:body-validation:joi:${route.method} ${route.path}`,
  };
}
