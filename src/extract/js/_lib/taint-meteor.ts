// Meteor's DDP entry points in the taint interpreter: each method of `Meteor.methods({...})`, each
// publication of `Meteor.publish(name, fn)` and the `run` of an mdg:validated-method is called by
// the client with arguments it chose (any EJSON value: objects with `$` keys included), so every
// parameter is request data. A ValidatedMethod with a `validate` function checks them first.
import type { CallExpression, Expression, NewExpression } from 'oxc-parser';
import { calleeText, unwrap } from './taint-ast.js';
import type { Analyzer } from './taint-engine.js';
import type { Validated } from './taint-guards.js';
import { ALL_KINDS, bits, type AV } from './taint-types.js';

const STRING_ONLY = bits('nosql', 'merge', 'mass-assignment');
const EXACT_KEYS = bits('merge', 'mass-assignment');
const SCALAR_NAMED = /String|Id$|Ids?[A-Z]|Hex|Fingerprint|Email|Url|Hash|Integer|Number|Token$|Key$/;

/** Browser-only folders of a Meteor app: methods registered there are client-side simulations. */
const CLIENT_PATH = /(?:^|\/)(?:client|browser)\//;

const ENDPOINT_VERBS = /^(?:get|post|put|patch|delete|options|head)$/;

export function meteorRegistration(a: Analyzer, node: CallExpression | NewExpression, args: (AV | undefined)[]): void {
  if (CLIENT_PATH.test(a.file)) return;
  const name = calleeText(unwrap(node.callee));
  if (node.type === 'CallExpression' && httpRegistration(a, name, node, args)) return;
  if (node.type === 'NewExpression') {
    if (name !== 'ValidatedMethod' || !args[0]?.fields) return;
    const run = args[0].fields.get('run')?.fn;
    // `validate: null` opts out; anything else (a SimpleSchema validator, a check) runs first.
    const opts = node.arguments[0] ? unwrap(node.arguments[0] as Expression) : undefined;
    const validate = opts?.type === 'ObjectExpression' ? opts.properties.find((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'validate') : undefined;
    const validated = validate?.type === 'Property' && !(unwrap(validate.value).type === 'Literal' && (unwrap(validate.value) as { value: unknown }).value === null);
    if (run && !validated) a.analyzeHandler(run, { kind: 'socket', event: `method:${args[0].fields.get('name')?.text ?? 'validated-method'}` });
    return;
  }
  if (name === 'Meteor.methods') {
    for (const [method, v] of args[0]?.fields ?? []) if (v?.fn) a.analyzeHandler(v.fn, { kind: 'socket', event: `method:${method}` });
    return;
  }
  if (name !== 'Meteor.publish' && name !== 'Meteor.publishComposite') return;
  const fn = args[1]?.fn ?? args[1]?.fields?.get('find')?.fn;
  if (fn) a.analyzeHandler(fn, { kind: 'socket', event: `publish:${args[0]?.text ?? '(auto)'}` });
  else for (const [pub, v] of args[0]?.fields ?? []) if (v?.fn) a.analyzeHandler(v.fn, { kind: 'socket', event: `publish:${pub}` });
}

/**
 * HTTP routes of Meteor's router packages: meteorhacks:picker `Picker.route('/x/:id', (params,
 * req, res) => …)` (also on a `Picker.filter(…)` router), whose first parameter holds the path's
 * parameters and the query, and nimble:restivus `api.addRoute('x/:id', opts, { get() { … } })`,
 * whose endpoints read the request from `this` (`this.urlParams`, `this.bodyParams`, `this.queryParams`).
 */
function httpRegistration(a: Analyzer, name: string, node: CallExpression, args: (AV | undefined)[]): boolean {
  const path = args[0]?.text;
  if (path === undefined) return false;
  if (name === 'Picker.route' || (name.endsWith('.route') && a.source.includes('Picker.filter'))) {
    const fn = args[1]?.fn;
    if (fn) a.analyzeHandler(fn, { kind: 'handler', route: `ALL ${path}`, pathParams: true });
    return !!fn;
  }
  if (!name.endsWith('.addRoute') || !a.source.includes('Restivus')) return false;
  const endpoints = args[node.arguments.length - 1]?.fields;
  for (const [verb, v] of endpoints ?? []) {
    const fn = v?.fn ?? v?.fields?.get('action')?.fn;
    if (fn && ENDPOINT_VERBS.test(verb)) a.analyzeHandler(fn, { kind: 'handler', route: `${verb.toUpperCase()} ${path}`, thisRequest: true });
  }
  return !!endpoints;
}

/** The parameter label of a DDP entry point's mode event (`method:x` / `publish:x`), if it is one. */
export function ddpSourceLabel(event: string, param: string): string | undefined {
  return /^(?:method|publish):/.test(event) ? `DDP ${event} argument ${param}`.trim() : undefined;
}

const SCALAR = /^(?:Number|Boolean|Match\.Integer)$/;
const STRINGISH = /^(?:String|Match\.Id|Date)$/;

/** What a `check` pattern leaves the value able to carry: all kinds cleaned, only object kinds, or nothing. */
function patternClean(p: Expression): number {
  const n = unwrap(p);
  const text = calleeText(n);
  if (SCALAR.test(text)) return ALL_KINDS;
  if (STRINGISH.test(text)) return STRING_ONLY;
  // `Match.Optional(String)`, `Match.Maybe(Number)`, `Match.OneOf(String, null)`: the weakest member.
  if (n.type === 'CallExpression' && /^Match\.(?:Optional|Maybe|OneOf)$/.test(calleeText(n.callee))) {
    let clean = ALL_KINDS;
    for (const a of n.arguments) {
      const u = a.type === 'SpreadElement' ? undefined : unwrap(a);
      if (!u) return 0;
      if (u.type === 'Literal' || (u.type === 'Identifier' && u.name === 'undefined')) continue;
      clean &= patternClean(u);
    }
    return clean;
  }
  // `[String]`: an array of strings holds no operator object; `{ name: String }` takes exactly those keys.
  if (n.type === 'ArrayExpression') return n.elements.length === 1 && n.elements[0] && n.elements[0].type !== 'SpreadElement' && patternClean(n.elements[0]) ? STRING_ONLY : 0;
  // An object pattern admits exactly its keys (Match.ObjectIncluding would admit more): no mass
  // assignment or prototype keys; no query operators either when every member is a plain type.
  if (n.type === 'ObjectExpression') return n.properties.every((q) => q.type === 'Property' && patternClean(q.value) !== 0) ? STRING_ONLY : EXACT_KEYS;
  // `check(id, NonEmptyString)`, `check(key, Hex256)`: an app's own `Match.Where` pattern named after a scalar.
  if (n.type === 'Identifier' && SCALAR_NAMED.test(n.name)) return STRING_ONLY;
  return 0;
}

/**
 * Meteor's `check(value, pattern)` as a statement: it throws a Match.Error unless the value fits,
 * so past it a `String` holds no query operator and a `Number` nothing at all. `Object`,
 * `Match.Any` and `Match.ObjectIncluding` vouch for nothing.
 */
export function meteorChecked(call: Expression): Validated[] {
  const n = unwrap(call);
  if (n.type !== 'CallExpression' || n.arguments.length < 2 || calleeText(n.callee) !== 'check') return [];
  const [value, pattern] = n.arguments;
  if (value.type === 'SpreadElement' || pattern.type === 'SpreadElement') return [];
  const clean = patternClean(pattern);
  if (clean && clean !== EXACT_KEYS) return [{ expr: value, clean }];
  // `check(options, { email: String, code: Match.Where(f) })`: the members with a plain type are checked.
  const p = unwrap(pattern);
  if (p.type !== 'ObjectExpression') return [];
  const out: Validated[] = clean ? [{ expr: value, clean }] : [];
  for (const q of p.properties) {
    if (q.type !== 'Property' || q.computed || q.key.type !== 'Identifier') continue;
    const c = patternClean(q.value);
    if (!c) continue;
    // A member read of the checked value, as the interpreter keys it (`options.email`).
    const member = { type: 'MemberExpression', object: value, property: { type: 'Identifier', name: q.key.name, start: q.key.start, end: q.key.end }, computed: false, optional: false, start: value.start, end: value.end } as unknown as Expression;
    out.push({ expr: member, clean: c });
  }
  return out;
}
