// Request schemas checked by a route's own validation middleware, declared inline in the route's
// registration: zod-express-middleware (`validateRequest({ body: z.object({...}) })`,
// `processRequestBody(schema)`) and celebrate (`celebrate({ [Segments.BODY]: Joi.object({...}) })`).
// The handler after them sees a request whose checked parts are typed: a member the schema
// declares as a string, number, boolean, enum or date cannot carry query operators, and a part the
// middleware replaces with the parsed value holds only the schema's keys.
import type { Expression, ObjectExpression } from 'oxc-parser';
import { calleeText, keyName, propName, unwrap } from './taint-ast.js';

/** What the middleware checked of one request part (`body`, `query`, `params`). */
export interface PartCheck {
  /** The part is replaced by the parsed value: only the schema's keys remain (an allow-list). */
  allowList: boolean;
  /** Members the schema declares as scalars. */
  scalars: Set<string>;
}

export type RequestChecks = Map<string, PartCheck>;

/** `processRequest`/`validateRequest` (+`Body`/`Query`/`Params`), `celebrate`. */
const MIDDLEWARE = /^(?:(process|validate)Request(Body|Query|Params)?|celebrate)$/;
const PARTS = new Set(['body', 'query', 'params']);
/** Schema builders whose values are scalars, by the first call of the chain (`z.string().url()`). */
const SCALAR_BUILDER = /^(?:z|zod|Joi|joi|yup)\.(?:coerce\.)?(?:string|number|boolean|bigint|date|enum|nativeEnum|literal|uuid|email|int|isoDate)$/;

/**
 * The checks of the validation middleware among a route's arguments before its handler, or
 * undefined when there is none (the common case: a cheap look at each argument's callee name).
 */
export function routeSchemaChecks(middleware: Expression[]): RequestChecks | undefined {
  let out: RequestChecks | undefined;
  for (const m of middleware) {
    const call = unwrap(m);
    if (call.type !== 'CallExpression') continue;
    const callee = unwrap(call.callee);
    const name = callee.type === 'Identifier' ? callee.name : propName(callee);
    const match = name ? MIDDLEWARE.exec(name) : null;
    if (!match) continue;
    // zod-express-middleware's `process*` replaces the part with the parsed value; celebrate
    // (Joi rejects unknown keys by default) replaces it too; `validate*` only checks.
    const allowList = match[1] !== 'validate';
    const first = call.arguments[0]?.type === 'SpreadElement' ? undefined : (call.arguments[0] as Expression | undefined);
    if (!first) continue;
    if (match[2]) {
      (out ??= new Map()).set(match[2].toLowerCase(), partCheck(first, allowList));
      continue;
    }
    const parts = unwrap(first);
    if (parts.type !== 'ObjectExpression') continue;
    for (const p of parts.properties) {
      if (p.type !== 'Property') continue;
      // `{ body: ... }` or celebrate's `{ [Segments.BODY]: ... }`.
      const key = p.computed ? propName(unwrap(p.key as Expression))?.toLowerCase() : keyName(p.key, false);
      if (key && PARTS.has(key)) (out ??= new Map()).set(key, partCheck(p.value as Expression, allowList));
    }
  }
  return out;
}

function partCheck(schema: Expression, allowList: boolean): PartCheck {
  const scalars = new Set<string>();
  const shape = objectShape(unwrap(schema));
  for (const p of shape?.properties ?? []) {
    if (p.type !== 'Property') continue;
    const key = keyName(p.key, p.computed);
    if (key !== undefined && isScalar(p.value as Expression)) scalars.add(key);
  }
  return { allowList, scalars };
}

/** The members literal of `z.object({...})`, `Joi.object({...})`, `Joi.object().keys({...})`, and of `.strict()`-like chains on them. */
function objectShape(e: Expression): ObjectExpression | undefined {
  let n = e;
  for (let i = 0; i < 8 && n.type === 'CallExpression'; i++) {
    const callee = unwrap(n.callee);
    const method = propName(callee);
    const arg = n.arguments[0] ? unwrap(n.arguments[0] as Expression) : undefined;
    if ((method === 'object' || method === 'keys') && arg?.type === 'ObjectExpression') return arg;
    if (callee.type !== 'MemberExpression') return undefined;
    n = unwrap(callee.object);
  }
  return undefined;
}

/** Chain methods after which the value may be something else than the scalar it started as. */
const RESHAPING = new Set(['or', 'and', 'transform', 'pipe', 'preprocess', 'alternatives', 'custom']);

/** A member schema whose chain starts with a scalar builder (`z.string().min(1).optional()`). */
function isScalar(e: Expression): boolean {
  let n = unwrap(e);
  for (let i = 0; i < 12 && n.type === 'CallExpression'; i++) {
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression' || RESHAPING.has(propName(callee) ?? '')) return false;
    const inner = unwrap(callee.object);
    if (inner.type !== 'CallExpression') return SCALAR_BUILDER.test(calleeText(callee));
    n = inner;
  }
  return false;
}
