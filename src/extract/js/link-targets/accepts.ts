// Where a request value that may end up in a link is accepted, and whether its scheme is
// restricted there: express-validator chains (`body('target').isURL()...`) and request body fields
// a handler stores (`const { target } = req.body; await Link.create({ target })`). Also the
// client-side navigation headers htmx follows (`res.setHeader('HX-Redirect', link.target)`): htmx
// assigns the value to `location`, so a `javascript:` URL runs in the app's origin.
import type { FactInput } from '../../../model/types.js';
import { memberPath, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { headerCall } from '../security-config/common.js';
import { SCHEMA_TEXT, schemaAccepts } from './schemas.js';
import { fieldOf } from './templates.js';

export type SchemeCheck = 'restricted' | 'open' | 'none';

/**
 * A regular expression that lets any scheme through next to http(s) (kutt's
 * `urlRegex.test(v) || /^(?!https?|ftp)(\w+:|\/\/)/.test(v)`: "anything with a scheme that is not http").
 */
const OTHER_SCHEMES = /\(\?!\s*(?:\(\?:\s*)?(?:https?|http|ftp)\b/;
/**
 * Checks that pin the scheme: the parsed URL's `protocol`, validator's `isURL` (its `protocols`
 * default is http, https, ftp), an explicit `protocols`/`scheme` list, `startsWith('http')`, an
 * anchored http(s) pattern, a `javascript:` block list, or a URL sanitiser.
 */
const PINS_SCHEME = /\.protocol\b|\bprotocols?\s*:|\bscheme\s*:|\bisURL\s*\(|\bisUrl\s*\(|startsWith\(\s*['"`]https?|\/\^\s*(?:\(\??:?\s*)*https?\b|javascript:|sanitizeUrl|sanitize-url|\b(?:is)?(?:safe|valid|allowed)(?:Http)?Ur[il]\s*\(|\bis(?:Http|Web)Ur[il]\s*\(/i;
/** isURL with the scheme check switched off. */
const SCHEME_CHECK_OFF = /require_valid_protocol\s*:\s*false/;

export function schemeCheck(text: string, opaqueChecks: boolean): SchemeCheck {
  if (OTHER_SCHEMES.test(text) || SCHEME_CHECK_OFF.test(text)) return 'open';
  if (PINS_SCHEME.test(text)) return 'restricted';
  // A custom validator passed by name or a pattern kept elsewhere (`.custom(isLink)`,
  // `.matches(LINK)`) may pin the scheme: not knowing, it counts as doing so.
  if (opaqueChecks && /\.(?:custom|matches)\(\s*[\w$.]+\s*[,)]|\.test\(/.test(text)) return 'restricted';
  return 'none';
}

/** Writes to a store, by method name (ORMs, query builders, Mongo drivers) or SQL text. */
const STORES = /\.(?:create|createOne|insert\w*|update\w*|save|upsert|findOneAndUpdate|findByIdAndUpdate|bulkCreate|put|add)\s*\(|\b(?:INSERT\s+INTO|UPDATE\s+\w+\s+SET)\b/i;

const VALIDATOR_FNS = new Set(['body', 'check', 'checkBody']);

function fact(index: JsIndex, at: AstNode, setting: string, values: Record<string, string | boolean>, summary: string, n: number): FactInput {
  return { kind: 'config', setting, values, summary, evidence: index.evidence(at), key: `${index.file}#config:${setting}:${index.enclosingFunctionName(at)}:${String(values.field)}:${n}` };
}

/** The outermost call of a method chain started by `call` (`body('x').trim().isURL()`). */
function chainTop(call: AstNode, index: JsIndex): AstNode {
  let top = call;
  for (;;) {
    const member = index.parent(top);
    const outer = member && index.parent(member);
    if (member?.type !== 'MemberExpression' || member.object !== top || outer?.type !== 'CallExpression' || outer.callee !== member) return top;
    top = outer;
  }
}

function validatorAccepts(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'Identifier' || !VALIDATOR_FNS.has(callee.name)) continue;
    if (!/^express-validator(\/check)?\.(body|check|checkBody)$/.test(index.resolvedCallee(call) ?? '')) continue;
    const name = stringValue(call.arguments[0] as AstNode, index);
    if (!name || !/^[\w$.[\]*]+$/.test(name)) continue;
    const top = chainTop(call, index);
    // A bare `body('x')` checks nothing; the chain is what this field's validation is.
    if (top === call) continue;
    const scheme = schemeCheck(index.text(top), true);
    out.push(fact(index, call, 'url-field-accept', { field: fieldOf(name), via: 'validator', scheme, stored: false }, `${name} validated (scheme ${scheme})`, out.length));
  }
}

/** `req.body.x`, `request.body.x`, `ctx.request.body.x` → x; `req.body` itself → ''. */
function bodyField(node: AstNode): string | undefined {
  const p = memberPath(node);
  if (!p) return undefined;
  const rest = (p[0] === 'req' || p[0] === 'request') && p[1] === 'body' ? p.slice(2) : p[0] === 'ctx' && p[1] === 'request' && p[2] === 'body' ? p.slice(3) : undefined;
  if (!rest) return undefined;
  return rest.length === 0 ? '' : rest.length === 1 ? rest[0] : undefined;
}

function bodyAccepts(index: JsIndex, out: FactInput[]): void {
  const seen = new Set<string>();
  const judged = new Map<FunctionLike, { scheme: SchemeCheck; stored: boolean }>();
  const judge = (fn: FunctionLike) => {
    let j = judged.get(fn);
    if (!j) {
      const text = index.text(fn);
      judged.set(fn, (j = { scheme: schemeCheck(text, false), stored: STORES.test(text) }));
    }
    return j;
  };
  const accept = (at: AstNode, field: string) => {
    const fn = index.enclosingFunction(at);
    if (!fn) return;
    const key = `${fn.start}:${field}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { scheme, stored } = judge(fn);
    // A value only echoed back is not kept for other users; only stored fields are recorded.
    if (!stored && scheme !== 'restricted') return;
    out.push(fact(index, at, 'url-field-accept', { field, via: 'body', scheme, stored }, `request body field ${field} accepted (scheme ${scheme})`, out.length));
  };
  for (const m of index.nodesOf('MemberExpression')) {
    const field = bodyField(m);
    if (field === undefined) continue;
    if (field !== '') {
      if (bodyField(m.object as AstNode) === '') accept(m, field);
      continue;
    }
    const parent = index.parent(m);
    if (parent?.type === 'VariableDeclarator' && parent.init === m && parent.id.type === 'ObjectPattern') {
      for (const prop of parent.id.properties) {
        if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
        accept(prop, prop.key.name);
      }
    }
  }
}

const NAVIGATION_HEADERS = new Set(['hx-redirect', 'hx-location']);

function headerOutputs(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    const h = headerCall(call as CallLike, index);
    if (!h || !NAVIGATION_HEADERS.has(h.name) || !h.value) continue;
    const path = memberPath(h.value);
    if (!path) continue;
    const field = path[path.length - 1];
    out.push(fact(index, call, 'url-header-output', { field, path: path.join('.'), header: h.name }, `${h.name} header set from ${path.join('.')}`, out.length));
  }
}

/** Cheap text test before the tree is walked (schema-library imports: SCHEMA_TEXT). */
const ACCEPT_TEXT = /\b(?:req|request)\.body\b|\bexpress-validator\b|(?:HX|hx|Hx)-(?:Redirect|Location|redirect|location)/;

export const mayAccept = (content: string): boolean => ACCEPT_TEXT.test(content) || SCHEMA_TEXT.test(content);

export function acceptFacts(index: JsIndex, content: string): FactInput[] {
  const out: FactInput[] = [];
  if (content.includes('express-validator')) validatorAccepts(index, out);
  if (/\b(?:req|request)\.body\b/.test(content)) bodyAccepts(index, out);
  if (/(?:HX|hx|Hx)-(?:Redirect|Location|redirect|location)/.test(content)) headerOutputs(index, out);
  if (SCHEMA_TEXT.test(content)) {
    const first = out.length;
    out.push(...schemaAccepts(index, (at, values, summary, i) => fact(index, at, 'url-field-accept', values, summary, first + i)));
  }
  return out;
}
