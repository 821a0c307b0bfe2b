// URL fields declared through schema libraries, and whether the declared check admits `javascript:`:
// zod's `.url()` (v3 and v4) only asks `new URL(value)` to parse, Joi's `.uri()` takes any RFC 3986
// scheme unless `scheme` is given, while yup's `.url()` pattern requires `http(s)|ftp://` (or `//`)
// and class-validator's `@IsUrl()` is validator's isURL (http, https, ftp by default).
import type { FactInput } from '../../../model/types.js';
import { propertyKey, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import type { SchemeCheck } from './accepts.js';
import { schemeCheck } from './accepts.js';

/** Cheap text test: the file imports one of the schema libraries read here. */
export const SCHEMA_TEXT = /['"](?:zod(?:\/[\w-]+)?|joi|@hapi\/joi|yup|class-validator)['"]/;

const SCHEMA_ROOT = /^(?:zod(?:\/[\w-]+)?|joi|@hapi\/joi|yup)\./;
/** A refinement the schema runs that this reader cannot judge (`.refine(isHttp)`): it may pin the scheme. */
const OPAQUE_REFINEMENT = /\.(?:refine|superRefine|check|regex|pattern|matches|custom|test)\(/;
const SCHEME_CHECK_OFF = /require_valid_protocol\s*:\s*false/;

type Accept = { field: string; via: string; scheme: SchemeCheck; at: AstNode };

/**
 * `{ website: z.string().url() }`: the methods of the chain from its schema-library root
 * (`['string', 'url']`), and the library; undefined for chains of other receivers.
 */
function schemaChain(value: AstNode, index: JsIndex): { lib: string; methods: string[] } | undefined {
  const methods: string[] = [];
  let node = unwrap(value);
  while (node.type === 'CallExpression') {
    const callee = unwrap(node.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
    methods.unshift(callee.property.name);
    const object = unwrap(callee.object as AstNode);
    if (object.type !== 'CallExpression') {
      const lib = SCHEMA_ROOT.exec(index.resolvedCallee(node as CallLike) ?? '')?.[0].slice(0, -1);
      return lib ? { lib: lib.replace(/^@hapi\//, '').replace(/\/.*$/, ''), methods } : undefined;
    }
    node = object;
  }
  return undefined;
}

/** Scheme judgement of one chain: undefined when it declares neither a URL check nor a scheme check. */
function chainScheme(lib: string, methods: string[], text: string): SchemeCheck | undefined {
  const url = methods.includes(lib === 'joi' ? 'uri' : 'url') || methods.includes('httpUrl');
  // yup's url pattern is anchored on `((https?|ftp):)?//`; zod's httpUrl pins `^https?$`.
  if (url && (lib === 'yup' || methods.includes('httpUrl'))) return 'restricted';
  if (schemeCheck(text, false) === 'restricted' || (url && OPAQUE_REFINEMENT.test(text))) return 'restricted';
  return url ? 'open' : undefined;
}

function objectSchemaAccepts(index: JsIndex, out: Accept[]): void {
  for (const p of index.nodesOf('Property')) {
    const value = unwrap(p.value as AstNode);
    if (value.type !== 'CallExpression') continue;
    const field = propertyKey(p);
    if (!field) continue;
    const chain = schemaChain(value, index);
    if (!chain) continue;
    const scheme = chainScheme(chain.lib, chain.methods, index.text(value));
    if (scheme) out.push({ field, via: chain.lib, scheme, at: p });
  }
}

/** `@IsUrl() website: string` (class-validator): isURL admits http, https and ftp unless told otherwise. */
function decoratedAccepts(index: JsIndex, out: Accept[]): void {
  for (const d of index.nodesOf('PropertyDefinition')) {
    const decorators = (d.decorators ?? []).map((x) => unwrap(x.expression as AstNode)).filter((e): e is CallLike & AstNode => e.type === 'CallExpression');
    const validators = decorators.filter((c) => (index.resolvedCallee(c) ?? '').startsWith('class-validator.'));
    const field = propertyKey(d as AstNode);
    if (validators.length === 0 || !field) continue;
    const text = validators.map((c) => index.text(c)).join(' ');
    const isUrl = validators.some((c) => /^class-validator\.IsU[rR][lL]$/.test(index.resolvedCallee(c) ?? ''));
    const scheme: SchemeCheck | undefined = isUrl ? (SCHEME_CHECK_OFF.test(text) ? 'open' : 'restricted') : schemeCheck(text, false) === 'restricted' ? 'restricted' : undefined;
    if (scheme) out.push({ field, via: 'class-validator', scheme, at: d as AstNode });
  }
}

export function schemaAccepts(index: JsIndex, fact: (at: AstNode, values: Record<string, string | boolean>, summary: string, n: number) => FactInput): FactInput[] {
  const found: Accept[] = [];
  objectSchemaAccepts(index, found);
  if (index.content.includes('class-validator')) decoratedAccepts(index, found);
  return found.map((a, i) => fact(a.at, { field: a.field, via: a.via, scheme: a.scheme, stored: false }, `${a.field} declared in a ${a.via} schema (scheme ${a.scheme})`, i));
}
