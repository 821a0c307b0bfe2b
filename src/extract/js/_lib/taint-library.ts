// How well-known functions and methods move taint: which ones pass it on, which ones sanitise it
// and for which sink kinds, and which ones end it. Anything unknown returns untainted data: a
// function we cannot see is assumed not to hand request data back (precision over recall).
import type { Expression } from 'oxc-parser';
import type { SinkKind } from '../../../model/types.js';
import { calleeText, unwrap } from './taint-ast.js';
import { classHas, negatedClassKeeps } from './taint-regex.js';
import { ALL_KINDS, type AV, type Flags, bits, isTainted, kindBit, SINK_KINDS } from './taint-types.js';
import { derive, withClean } from './taint-value.js';
import { Table } from './taint-table.js';

export interface LibModel {
  /** Which inputs flow into the result. */
  from: 'arg0' | 'args' | 'arg1' | 'none';
  patch?: Partial<Flags>;
  /** Sink kinds the result is safe for. */
  clean?: number;
}

const NONE: LibModel = { from: 'none' };
const STR: Partial<Flags> = { shape: 'string', whole: 'no' };
const URL_SAFE = bits('redirect', 'ssrf', 'header');
const HTML_SAFE = bits('html');

/** Functions by qualified name (module + member path, or a global). */
export const FUNCTIONS: Record<string, LibModel> = {
  parseInt: NONE,
  parseFloat: NONE,
  Number: NONE,
  Boolean: NONE,
  isNaN: NONE,
  isFinite: NONE,
  'Number.parseInt': NONE,
  'Number.parseFloat': NONE,
  'Number.isInteger': NONE,
  'Number.isSafeInteger': NONE,
  'Number.isNaN': NONE,
  'Date.parse': NONE,
  'Array.isArray': NONE,
  String: { from: 'arg0', patch: STR },
  'JSON.parse': { from: 'arg0', patch: { shape: 'any', whole: 'yes', pos: 'prefix' } },
  'JSON.stringify': { from: 'arg0', patch: STR },
  decodeURIComponent: { from: 'arg0', patch: STR },
  decodeURI: { from: 'arg0', patch: STR },
  unescape: { from: 'arg0', patch: STR },
  atob: { from: 'arg0', patch: STR },
  encodeURIComponent: { from: 'arg0', patch: STR, clean: URL_SAFE },
  escape: { from: 'arg0', patch: STR, clean: URL_SAFE },
  encodeURI: { from: 'arg0', patch: STR, clean: bits('header') },
  // A Buffer is bytes: never a query operator object or markup by itself, still text once decoded.
  'Buffer.from': { from: 'arg0', patch: { shape: 'strings', whole: 'no' } },
  'Object.values': { from: 'arg0', patch: { whole: 'no' } },
  'Object.keys': { from: 'arg0', patch: { shape: 'strings', whole: 'no' } },
  'Object.entries': { from: 'arg0', patch: { whole: 'no' } },
  'Object.fromEntries': { from: 'arg0' },
  'Array.from': { from: 'arg0' },
  'Array.of': { from: 'args' },
  'Promise.resolve': { from: 'arg0' },
  'Promise.all': { from: 'arg0' },
  structuredClone: { from: 'arg0' },
  'path.join': { from: 'args', patch: STR },
  'path.resolve': { from: 'args', patch: STR },
  'path.normalize': { from: 'arg0', patch: STR },
  'path.posix.join': { from: 'args', patch: STR },
  'path.win32.join': { from: 'args', patch: STR },
  'path.dirname': { from: 'arg0', patch: STR },
  'path.parse': { from: 'arg0', patch: { shape: 'strings', whole: 'no' } },
  'path.basename': { from: 'arg0', patch: STR, clean: bits('path', 'archive') },
  'path.extname': NONE,
  'util.format': { from: 'args', patch: STR },
  'url.parse': { from: 'arg0', patch: { shape: 'object', whole: 'no' } },
  'url.format': { from: 'arg0', patch: STR },
  'querystring.parse': { from: 'arg0', patch: { shape: 'object', whole: 'yes' } },
  'qs.parse': { from: 'arg0', patch: { shape: 'object', whole: 'yes' } },
  'querystring.stringify': { from: 'arg0', patch: STR },
  'qs.stringify': { from: 'arg0', patch: STR },
  // An allow-list of keys: the result holds only fields the code names.
  'lodash.pick': { from: 'arg0', patch: { whole: 'no' }, clean: bits('mass-assignment') },
  'lodash.omit': { from: 'arg0' },
  'lodash.get': { from: 'arg0', patch: { whole: 'no', shape: 'any' } },
  'lodash.clone': { from: 'arg0' },
  // Key renaming keeps every client-chosen field (and value) of the object.
  'lodash.mapKeys': { from: 'arg0' },
  'humps.camelizeKeys': { from: 'arg0' },
  'humps.decamelizeKeys': { from: 'arg0' },
  'humps.pascalizeKeys': { from: 'arg0' },
  'humps.depascalizeKeys': { from: 'arg0' },
  'camelcase-keys': { from: 'arg0' },
  'snakecase-keys': { from: 'arg0' },
  'lodash.cloneDeep': { from: 'arg0' },
  'lodash.toString': { from: 'arg0', patch: STR },
  'lodash.trim': { from: 'arg0', patch: STR },
  'lodash.escape': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'lodash.escapeRegExp': { from: 'arg0', patch: STR, clean: bits('regex') },
  'escape-string-regexp': { from: 'arg0', patch: STR, clean: bits('regex') },
  'validator.escape': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'validator.whitelist': { from: 'arg0', patch: STR, clean: ALL_KINDS },
  'validator.trim': { from: 'arg0', patch: STR },
  'validator.normalizeEmail': { from: 'arg0', patch: STR },
  'escape-html': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'he.encode': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'he.escape': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'dompurify.sanitize': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  DOMPurify: { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'DOMPurify.sanitize': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'sanitize-html': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  xss: { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'xss.filterXSS': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'entities.encode': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'entities.encodeHTML': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'html-entities.encode': { from: 'arg0', patch: STR, clean: HTML_SAFE },
  'shell-quote.quote': { from: 'arg0', patch: STR, clean: bits('command') },
  'shell-escape': { from: 'arg0', patch: STR, clean: bits('command') },
  'shescape.quote': { from: 'arg0', patch: STR, clean: bits('command') },
  'sqlstring.escape': { from: 'arg0', patch: STR, clean: bits('sql') },
  'sqlstring.escapeId': { from: 'arg0', patch: STR, clean: bits('sql') },
  'sqlstring.format': { from: 'args', patch: STR, clean: bits('sql') },
  'mysql.escape': { from: 'arg0', patch: STR, clean: bits('sql') },
  'mysql.escapeId': { from: 'arg0', patch: STR, clean: bits('sql') },
  'mysql.format': { from: 'args', patch: STR, clean: bits('sql') },
  'mongo-sanitize': { from: 'arg0', clean: bits('nosql') },
  'express-mongo-sanitize.sanitize': { from: 'arg0', clean: bits('nosql') },
  // serialize-javascript output is JavaScript: evaluating it back is code injection (see eval).
  'serialize-javascript': { from: 'arg0', patch: STR },
  'mongoose.Types.ObjectId': NONE,
  'mongodb.ObjectId': NONE,
  'bson.ObjectId': NONE,
};

/** `FUNCTIONS` for lookups by a callee's name (see taint-table.ts). */
export const FUNCTION_TABLE = new Table(FUNCTIONS);

const UNTAINTING_ROOTS = new Set(['validator', 'Math', 'crypto', 'bcrypt', 'bcryptjs', 'argon2', 'uuid']);

/** `validator.isX`, `Math.x`, `crypto.x`, `bcrypt.x`: results carry no request text. */
export function untaintingFamily(qname: string): boolean {
  const dot = qname.indexOf('.');
  if (dot < 0 || !UNTAINTING_ROOTS.has(qname.slice(0, dot).replace(/\d+$/, ''))) return false;
  return /^(?:validator\.(?:is|to)\w+|Math\.\w+|crypto\.\w+|bcrypt\w*\.\w+|argon2\.\w+|uuid\.\w+)$/.test(qname);
}

/** Names of local or imported helpers that, by convention, encode for HTML. */
export const HTML_ESCAPER_NAMES = /^(?:escapeHtml|escapeHTML|htmlEscape|encodeHTML|encodeHtml|sanitizeHtml|escapeXml)$/;

/** String methods whose result is a string built from the receiver. */
export const STRING_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'trimLeft',
  'trimRight',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'normalize',
  'slice',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'repeat',
  'concat',
  'charAt',
  'at',
  'toString',
  'valueOf',
  'join',
  'replace',
  'replaceAll',
]);

/** Methods whose result holds no request text (booleans, numbers, positions). */
export const NON_PROPAGATING = new Set([
  'length',
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'test',
  'has',
  'localeCompare',
  'every',
  'some',
  'findIndex',
  'findLastIndex',
  'hasOwnProperty',
  'charCodeAt',
  'codePointAt',
  'search',
  'equals',
  'isEmpty',
  'size',
  'count',
  'forEach',
  'getTime',
  'compare',
  'isValid',
  // On request data itself (`doc.validate()`): an answer, not data. Schema objects checking request
  // data (`schema.validate(body)`) return it: see `schemaValidated`.
  'validate',
  'digest',
  'update',
]);

/** Array methods whose callback's first parameter receives an element. */
export const ITERATION_METHODS = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'find',
  'findLast',
  'some',
  'every',
  'reduce',
  'reduceRight',
  'sort',
]);

/** Methods that put their arguments into the receiver. */
export const MUTATORS = new Set(['push', 'unshift', 'splice', 'set', 'add', 'append', 'fill']);

/** Mapping of sink kinds to characters whose survival keeps the value dangerous for that kind. */
const DANGEROUS: Partial<Record<SinkKind, string>> = {
  sql: `'"\\;`,
  command: ';|&$`()<>\n\'"\\ ',
  'code-eval': `'"\`();`,
  html: '<>"\'',
  template: '{}<%#$',
  xml: '<&',
  regex: '.*+?()[]{}|^$\\',
  header: '\r\n',
  'xml-injection': '<&',
  xpath: `'"`,
  ldap: '*()\\',
  log: '\r\n',
  redirect: '/\\:@',
  ssrf: '/\\:@',
};

/**
 * Sink kinds a `replace(regex, replacement)` call makes safe. Recognised: stripping everything but
 * an allow-listed character class (`/[^a-z0-9]/g`), removing CR/LF, HTML-encoding `<`, and escaping
 * regex metacharacters. Partial filters such as `.replace(/\.\.\//g, '')` are not sanitisers.
 */
export function replaceCleans(pattern: string, flags: string, replacement: string | undefined): number {
  if (!flags.includes('g')) return 0;
  let clean = 0;
  const keeps = negatedClassKeeps(pattern);
  if (keeps && (replacement === '' || replacement === '_' || replacement === '-')) {
    for (const kind of SINK_KINDS) {
      const danger = DANGEROUS[kind];
      if (kind === 'path' || kind === 'archive') {
        if (!(keeps('.') && (keeps('/') || keeps('\\')))) clean |= kindBit(kind);
        continue;
      }
      if (danger === undefined || ![...danger].some((c) => keeps(c))) clean |= kindBit(kind);
    }
    return clean;
  }
  const cls = /^\[((?:\\.|[^\]\\])+)\]\+?$/.exec(pattern);
  const hits = (ch: string): boolean => (cls ? classHas(cls[1], ch) : pattern.includes(ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch));
  if ((hits('\n') || pattern.includes('\\n')) && (hits('\r') || pattern.includes('\\r'))) clean |= bits('log', 'header');
  // `&lt;`, or `\u003c` / `\x3c` (JSON put in a script block: no tag can start or close it).
  if (hits('<') && replacement !== undefined && (replacement === '' || replacement.startsWith('&') || /^\\(?:u003c|x3c)$/i.test(replacement))) clean |= HTML_SAFE;
  if (replacement !== undefined && replacement.includes('\\$&') && cls && classHas(cls[1], '*') && classHas(cls[1], '(')) {
    clean |= bits('regex');
  }
  return clean;
}

/** Methods of schema objects that return the checked value (yup, joi, zod, superstruct). */
const SCHEMA_METHODS = new Set(['validate', 'validateSync', 'validateAsync', 'cast', 'parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'create']);

/**
 * What `schema.validate(obj, opts)` returns, taint-wise, when the schema is not request data: the
 * checked object. yup's `validate`, `validateSync` and `cast` keep keys the schema does not name
 * unless `stripUnknown: true` is passed; joi (`validateAsync`, or a `Joi.` schema) rejects unknown
 * keys unless `allowUnknown: true`, and zod's `parse` strips them: those results hold only the
 * schema's keys, an allow-list, so they are no longer the whole client object. An `ajv.validate`
 * or class-validator `validate` answers with a boolean or errors: the first argument is not data.
 * `undefined` when the call is not a schema check of tainted data.
 */
export function schemaValidated(method: string | undefined, calleeNode: Expression, qname: string | undefined, args: (AV | undefined)[], argNodes: Expression[]): AV | undefined {
  if (!method || !SCHEMA_METHODS.has(method)) return undefined;
  const checked = args[0];
  if (!isTainted(checked)) return undefined;
  // The callee's text only now: this is asked of nearly every method call.
  const callee = calleeText(calleeNode);
  const lib = schemaLibrary(method, `${qname ?? ''} ${callee}`);
  if (lib === 'none') return undefined;
  // superstruct's `create(value, Struct)` returns the value coerced; `create` elsewhere is a model's.
  if (method === 'create' && lib !== 'superstruct') return undefined;
  // Without the library in the callee, only receivers named as schemas (`userSchema`,
  // `ctx.app.schemas.user`): `parse`, `validate` and `cast` mean other things elsewhere.
  if (lib === 'unknown' && !SCHEMA_RECEIVER.test(callee.slice(0, callee.length - method.length))) return undefined;
  const opts = argNodes[1] ? unwrap(argNodes[1]) : undefined;
  // `parse` on a schema is zod's (yup and joi have none), whose objects strip unknown keys.
  const zod = lib === 'zod' || (lib === 'unknown' && /^(?:parse|parseAsync|safeParse|safeParseAsync)$/.test(method));
  const allowList = lib === 'joi' ? !optionIsTrue(opts, 'allowUnknown') : zod || optionIsTrue(opts, 'stripUnknown') || callee.includes('noUnknown(');
  return allowList ? withClean(derive(checked, { whole: 'no' }), bits('mass-assignment')) : derive(checked, {});
}

const SCHEMA_RECEIVER = /schema|validator|struct|(?:^|\.)(?:dto|input|payload|body)[A-Z.]|(?:^|\.)(?:z|yup|joi|Joi)\./i;

type SchemaLibrary = 'yup' | 'joi' | 'zod' | 'superstruct' | 'unknown' | 'none';

function schemaLibrary(method: string, text: string): SchemaLibrary {
  if (/\b(?:ajv|Ajv)\b|class-validator|\bvalidator\.validate\b/.test(text)) return 'none';
  if (/(?:^|[\s.])(?:joi|Joi|@hapi\/joi)\b/.test(text) || method === 'validateAsync') return 'joi';
  if (/(?:^|[\s.])(?:zod|z)\./.test(text)) return 'zod';
  if (/(?:^|[\s.])superstruct\b/.test(text)) return 'superstruct';
  if (/(?:^|[\s.])yup\b/.test(text)) return 'yup';
  return 'unknown';
}

function optionIsTrue(opts: Expression | undefined, name: string): boolean {
  if (opts?.type !== 'ObjectExpression') return false;
  return opts.properties.some((p) => {
    if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier' || p.key.name !== name) return false;
    const v = unwrap(p.value as Expression);
    return v.type === 'Literal' && v.value === true;
  });
}
