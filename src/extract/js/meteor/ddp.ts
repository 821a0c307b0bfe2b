// Meteor's DDP entry points: methods (`Meteor.methods({ name(args) {...} })`, mdg:validated-method
// `new ValidatedMethod({ name, validate, run })`) and publications (`Meteor.publish('name', fn)`,
// the object form, reywood:publish-composite `Meteor.publishComposite`). A client calls them over
// the app's websocket with any arguments it likes; the function itself decides who may.
import { calleeName, functionOf, isFunctionLike, objectProp, propertyKey, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';

export interface DdpEntry {
  kind: 'method' | 'publication';
  name: string;
  fn?: FunctionLike;
  /** Where it is registered (the property or the call). */
  at: AstNode;
  tags: string[];
}

/** An object literal of functions, inline or held by a same-file const (`const methods = {...}; Meteor.methods(methods)`). */
function objectOf(node: AstNode | undefined, index: JsIndex): AstNode | undefined {
  let n = unwrap(node);
  if (n?.type === 'Identifier') n = unwrap(index.constInit(n.name));
  return n?.type === 'ObjectExpression' ? n : undefined;
}

/** `{ name() {}, 'a.b': function () {}, [CONST]: async () => {} }` → entries. */
function functionMap(obj: AstNode, index: JsIndex, kind: DdpEntry['kind'], tags: string[]): DdpEntry[] {
  const out: DdpEntry[] = [];
  if (obj.type !== 'ObjectExpression') return out;
  for (const p of obj.properties) {
    if (p.type !== 'Property') continue;
    const name = propertyKey(p as AstNode) ?? (p.computed ? stringValue(p.key as AstNode, index) ?? `[${index.text(p.key as AstNode)}]` : undefined);
    if (name === undefined) continue;
    const fn = functionOf(p.value as AstNode, index);
    out.push({ kind, name, fn, at: p as AstNode, tags });
  }
  return out;
}

/** Inside `if (Meteor.isClient) {...}` (or the else of `Meteor.isServer`): browser-only code. */
function clientOnly(call: AstNode, index: JsIndex): boolean {
  let child = call;
  for (const a of index.ancestors(call)) {
    if (a.type === 'IfStatement') {
      const test = index.text(a.test as AstNode).replace(/\s+/g, '');
      if ((test === 'Meteor.isClient' && a.consequent === child) || (test === 'Meteor.isServer' && a.alternate === child)) return true;
    }
    child = a;
  }
  return false;
}

export function ddpEntries(index: JsIndex): DdpEntry[] {
  const out: DdpEntry[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const name = calleeName(call);
    if (name !== 'Meteor.methods' && name !== 'Meteor.publish' && name !== 'Meteor.publishComposite') continue;
    if (clientOnly(call as AstNode, index)) continue;
    out.push(...registration(call, name, index));
  }
  for (const n of index.nodesOf('NewExpression')) {
    if (!/(^|\.)ValidatedMethod$/.test(calleeName(n as unknown as CallLike) ?? '')) continue;
    const opts = objectOf(n.arguments[0] as AstNode, index);
    const name = stringValue(objectProp(opts, 'name'), index);
    if (!opts || name === undefined || clientOnly(n as AstNode, index)) continue;
    const validate = unwrap(objectProp(opts, 'validate'));
    const tags = ['meteor-validated-method', ...(validate && !(validate.type === 'Literal' && (validate as { value: unknown }).value === null) ? ['input-validated'] : [])];
    // Mixins that refuse anonymous callers (`LoggedInMixin`, `authenticatedMixin`), by name.
    const mixins = index.text((objectProp(opts, 'mixins') as AstNode | undefined) ?? (opts as AstNode)).match(/\w*(?:LoggedIn|Authenticated|Auth|Roles?|Permission)\w*Mixin\b/gi) ?? [];
    out.push({ kind: 'method', name, fn: functionOf(objectProp(opts, 'run'), index), at: n as AstNode, tags: [...tags, ...mixins.map((m) => `~mixin:${m}`)] });
  }
  return out;
}

function registration(call: CallLike, name: string, index: JsIndex): DdpEntry[] {
  const a0 = call.arguments[0] as AstNode | undefined;
  if (name === 'Meteor.methods') {
    const obj = objectOf(a0, index);
    return obj ? functionMap(obj, index, 'method', ['meteor-method']) : [];
  }
  const tags = name === 'Meteor.publishComposite' ? ['meteor-publication', 'publish-composite'] : ['meteor-publication'];
  // `Meteor.publish({ a() {}, b() {} })`: several at once.
  const obj = objectOf(a0, index);
  if (obj && call.arguments.length === 1) return functionMap(obj, index, 'publication', tags);
  const a1 = unwrap(call.arguments[1] as AstNode | undefined);
  // publish-composite's `{ find() {...}, children: [...] }`: `find` runs first, with the arguments.
  const fn = functionOf(a1, index) ?? (a1?.type === 'ObjectExpression' ? functionOf(objectProp(a1, 'find'), index) : undefined);
  const unwrapped = unwrap(a0);
  // `Meteor.publish(null, fn)`: sent to every client that connects, asked for or not.
  const pubName = unwrapped?.type === 'Literal' && (unwrapped as { value: unknown }).value === null ? '(auto)' : stringValue(a0, index) ?? (a0 ? `[${index.text(a0)}]` : undefined);
  if (pubName === undefined) return [];
  return [{ kind: 'publication', name: pubName, fn: fn && isFunctionLike(fn) ? fn : undefined, at: call as AstNode, tags: pubName === '(auto)' ? [...tags, 'auto-publish'] : tags }];
}
