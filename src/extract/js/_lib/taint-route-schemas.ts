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
  /**
   * Members whose schema is imported from another module of the repository (`resourceId:
   * objectIdSchema`): scalars when that module exports a scalar schema under the name (decided in link).
   */
  imported?: Map<string, SchemaImport>;
}

/** An imported schema: the specifier as written and the export name. */
export interface SchemaImport {
  module: string;
  name: string;
}

/**
 * How the route's file binds a name used as a member schema: the initialiser of a top-level
 * constant of the file, or the module and export it was imported from.
 */
export interface SchemaNames {
  local(name: string): Expression | undefined;
  imported(name: string): SchemaImport | undefined;
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
export function routeSchemaChecks(middleware: Expression[], names?: SchemaNames): RequestChecks | undefined {
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
      (out ??= new Map()).set(match[2].toLowerCase(), partCheck(first, allowList, names));
      continue;
    }
    const parts = unwrap(first);
    if (parts.type !== 'ObjectExpression') continue;
    for (const p of parts.properties) {
      if (p.type !== 'Property') continue;
      // `{ body: ... }` or celebrate's `{ [Segments.BODY]: ... }`.
      const key = p.computed ? propName(unwrap(p.key as Expression))?.toLowerCase() : keyName(p.key, false);
      if (key && PARTS.has(key)) (out ??= new Map()).set(key, partCheck(p.value as Expression, allowList, names));
    }
  }
  return out;
}

function partCheck(schema: Expression, allowList: boolean, names: SchemaNames | undefined): PartCheck {
  const scalars = new Set<string>();
  let imported: Map<string, SchemaImport> | undefined;
  const shape = objectShape(unwrap(schema));
  for (const p of shape?.properties ?? []) {
    if (p.type !== 'Property') continue;
    const key = keyName(p.key, p.computed);
    if (key === undefined) continue;
    const value = unwrap(p.value as Expression);
    if (isScalar(value, names)) scalars.add(key);
    else {
      // `resourceId: objectIdSchema` (or `objectIdSchema.optional()`): a schema of another module.
      const from = importedRoot(value, names);
      if (from) (imported ??= new Map()).set(key, from);
    }
  }
  return imported ? { allowList, scalars, imported } : { allowList, scalars };
}

/** The imported schema a member's chain starts from (`objectIdSchema.optional()`), with no reshaping step. */
function importedRoot(e: Expression, names: SchemaNames | undefined): SchemaImport | undefined {
  if (!names) return undefined;
  const root = chainRoot(e);
  return root?.type === 'Identifier' ? names.imported(root.name) : undefined;
}

/** The start of a schema chain whose steps keep the value's type (undefined past a reshaping step). */
function chainRoot(e: Expression): Expression | undefined {
  let n = unwrap(e);
  for (let i = 0; i < 12 && n.type === 'CallExpression'; i++) {
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression' || RESHAPING.has(propName(callee) ?? '')) return undefined;
    n = unwrap(callee.object);
  }
  return n;
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

/**
 * A member schema whose chain starts with a scalar builder (`z.string().min(1).optional()`), or
 * with a constant of the file holding one (`const kindSchema = z.enum([...])`).
 */
export function isScalar(e: Expression, names?: SchemaNames, depth = 0): boolean {
  if (builtScalar(e)) return true;
  const root = names && depth < 4 ? chainRoot(e) : undefined;
  if (root?.type !== 'Identifier') return false;
  const init = names!.local(root.name);
  return init !== undefined && isScalar(init, names, depth + 1);
}

function builtScalar(e: Expression): boolean {
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
