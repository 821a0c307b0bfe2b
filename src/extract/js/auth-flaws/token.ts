// Reset and verification tokens an attacker can compute. A token checked against, or made as, a
// hash or encoding of values the attacker already knows (the account's login, e-mail or id, the
// time of the request) is no secret: `req.query.token == md5(req.query.login)` lets anyone reset
// anyone's password (CWE-640). Only derivations whose every input is known count: one server
// secret, random value or stored hash among the inputs (an HMAC key, randomBytes, user.password)
// makes the token unguessable, and is left alone.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, memberPath, unwrap, unwrapAwait, type AstNode, type JsIndex } from '../_lib/ast.js';
import { bindingAt, core, requestLabel } from './request.js';
import { functionScopes } from './scopes.js';

/** Digest and encoding functions called by name (`md5` package, CryptoJS, helpers named for the digest). */
const DIGEST_CALL = /^(md5|sha1|sha224|sha256|sha384|sha512|ripemd160|md5Hex|sha1Hex|sha256Hex|btoa|base64(url)?Encode|encodeBase64(Url)?|toBase64(Url)?)$/i;
/** Encodings `Buffer#toString` turns a value into without any key. */
const ENCODING = /^(base64|base64url|hex|binary|latin1)$/;
/** Fields that name an account: the attacker knows or can enumerate them. */
const IDENTITY = /^(login|username|user_?name|email|e_?mail|mail|id|_id|user_?id|uid|account_?id|phone|phone_?number|created_?at|createdAt)$/i;
/** The client value compared is a token by its name. */
const TOKENISH = /token|code|key|hash|sig|otp|nonce|secret|link|hmac/i;
/** Names of a token a reset, verification or invitation flow mails out. */
const FLOW = /reset|forgot|recover|verif|confirm|activat|invit|magic|passw/i;
/** A token by its name: `resetToken`, `verificationCode`, `magicLink`, `resetHash` (a bare `hash` or `key` is a digest or a cache key). */
const TOKEN_TARGET = /(token|code|link)$|^(reset|verif\w*|confirm\w*|activat\w*|invit\w*|recover\w*)_?(hash|key)$/i;
const MAX_DEPTH = 4;

type Known = 'request' | 'identity' | 'time' | 'constant';

export function tokenFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const emit = (at: AstNode, flow: 'compare' | 'generate', derivation: AstNode, inputs: Set<Known>, extra: Record<string, string>) => {
    const fn = index.enclosingFunction(at);
    // The functions around the site, innermost first (`start-end;…`): the rule finds the route whose handler is one of them.
    const scopes = functionScopes(fn, index);
    out.push({
      kind: 'config',
      setting: 'predictable-token',
      values: { flow, derivation: index.text(derivation).replace(/\s+/g, ' ').slice(0, 80), inputs: [...inputs].sort().join(','), scopes, ...extra },
      summary: `${flow === 'compare' ? 'token compared with' : 'token made as'} ${index.text(derivation).slice(0, 60)}`,
      evidence: index.evidence(at),
      key: `${index.file}#config:predictable-token:${index.enclosingFunctionName(at)}:${flow}`,
    });
  };
  // `req.query.token == md5(req.query.login)`, `if (dto.code !== sha256(user.email))`.
  for (const e of index.nodesOf('BinaryExpression')) {
    if (!/^[!=]==?$/.test(e.operator) || !index.enclosingFunction(e)) continue;
    for (const [client, server] of [[e.left, e.right], [e.right, e.left]] as [AstNode, AstNode][]) {
      const request = requestLabel(client, index);
      if (!request || !TOKENISH.test(request)) continue;
      const d = derived(server, index);
      if (!d) continue;
      emit(e, 'compare', d.node, d.inputs, { request: request.slice(0, 80) });
      break;
    }
  }
  // `user.resetToken = md5(user.email + Date.now())`, `const verificationCode = sha1(email)`.
  const generated = (at: AstNode, name: string | undefined, value: AstNode | null | undefined) => {
    if (!name || !value || !TOKEN_TARGET.test(name)) return;
    if (!FLOW.test(name) && !FLOW.test(index.enclosingFunctionName(at))) return;
    const d = derived(value, index, 0, false);
    if (d) emit(at, 'generate', d.node, d.inputs, { target: name });
  };
  for (const d of index.nodesOf('VariableDeclarator')) if (d.id.type === 'Identifier') generated(d, d.id.name, d.init as AstNode);
  for (const a of index.nodesOf('AssignmentExpression')) generated(a, memberPath(a.left as AstNode)?.pop(), a.right as AstNode);
  return out;
}

/**
 * A digest or keyless encoding of known values only, followed through one-hop names
 * (`const expected = md5(login)`); `viaName` false keeps a generated token from being judged by
 * the digest a later line happens to bind it to.
 */
function derived(node: AstNode, index: JsIndex, depth = 0, viaName = true): { node: AstNode; inputs: Set<Known> } | undefined {
  const n = unwrapAwait(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (n.type === 'Identifier' && viaName) {
    const b = bindingAt(n.name, n, index);
    return b && !b.key ? derived(b.init, index, depth + 1) : undefined;
  }
  const args = digestInputs(n);
  if (!args || args.length === 0) return undefined;
  const inputs = new Set<Known>();
  for (const a of args) if (!known(a, index, inputs, 0)) return undefined;
  // A digest of constants is a constant, not a per-account token.
  inputs.delete('constant');
  return inputs.size > 0 ? { node: n, inputs } : undefined;
}

/** The values a digest or encoding call hashes, or undefined when `n` is none. */
function digestInputs(node: AstNode): AstNode[] | undefined {
  const n = unwrap(node);
  if (n.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(n) ?? '';
  const callee = unwrap(n.callee);
  // `CryptoJS.MD5(x).toString()`, `hash.digest('hex')`, `Buffer.from(x).toString('base64')`.
  if ((prop === 'toString' || prop === 'digest') && callee.type === 'MemberExpression') {
    const obj = unwrap(callee.object as AstNode);
    if (obj.type !== 'CallExpression') return undefined;
    const objProp = calleeProperty(obj);
    if (prop === 'toString' && memberPath(obj.callee as AstNode)?.join('.') === 'Buffer.from') {
      const enc = n.arguments[0] ? unwrap(n.arguments[0] as AstNode) : undefined;
      return enc?.type === 'Literal' && ENCODING.test(String(enc.value)) ? [obj.arguments[0] as AstNode] : undefined;
    }
    if (prop === 'digest' || objProp === 'update' || objProp === 'digest') return hashChain(obj);
    return digestInputs(obj);
  }
  if (DIGEST_CALL.test(prop) && n.arguments.length >= 1 && n.arguments.length <= 2) return [n.arguments[0] as AstNode];
  return undefined;
}

/** `createHash('md5').update(a).update(b)`: the updated values; undefined for an HMAC or an unknown chain. */
function hashChain(call: AstNode): AstNode[] | undefined {
  const inputs: AstNode[] = [];
  let c = unwrap(call);
  for (let i = 0; i < 6 && c.type === 'CallExpression'; i++) {
    const prop = calleeProperty(c);
    if (prop === 'createHash') return inputs;
    if (prop !== 'update' && prop !== 'digest') return undefined;
    if (prop === 'update' && c.arguments[0]) inputs.push(c.arguments[0] as AstNode);
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    c = unwrap(callee.object as AstNode);
  }
  return undefined;
}

/** Whether an attacker knows `node`: request data, an account's identifying field, the time, a constant. */
function known(node: AstNode, index: JsIndex, kinds: Set<Known>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = core(node);
  if (!n) return false;
  if (n.type === 'Literal' || (n.type === 'TemplateLiteral' && n.expressions.length === 0)) return kinds.add('constant'), true;
  if (n.type === 'TemplateLiteral') return n.expressions.every((x) => known(x as AstNode, index, kinds, depth + 1));
  if (n.type === 'BinaryExpression' && n.operator === '+') return known(n.left as AstNode, index, kinds, depth + 1) && known(n.right as AstNode, index, kinds, depth + 1);
  if (n.type === 'UnaryExpression' && n.operator === '+') return known(n.argument as AstNode, index, kinds, depth + 1);
  if (timestamp(n)) return kinds.add('time'), true;
  if (n.type === 'CallExpression' && memberPath(n.callee as AstNode)?.join('.') === 'JSON.stringify' && n.arguments[0]) return known(n.arguments[0] as AstNode, index, kinds, depth + 1);
  // A token the client presents is the secret itself: hashing it to look it up is the right way.
  const label = requestLabel(n, index);
  if (label) return TOKENISH.test(label) ? false : (kinds.add('request'), true);
  const path = memberPath(n);
  if (!path) return false;
  const last = path[path.length - 1];
  if (path.length > 1) return IDENTITY.test(last) ? (kinds.add('identity'), true) : false;
  const b = bindingAt(last, n, index);
  if (b) return b.key ? (IDENTITY.test(b.key) ? (kinds.add('identity'), true) : false) : known(b.init, index, kinds, depth + 1);
  // A parameter named for the account (`username` of a passport verify callback, `email` of a helper).
  return IDENTITY.test(last) && isParam(last, n, index) ? (kinds.add('identity'), true) : false;
}

function isParam(name: string, at: AstNode, index: JsIndex): boolean {
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    for (const p of fn.params) {
      let id = unwrap((p.type === 'TSParameterProperty' ? p.parameter : p) as AstNode);
      if (id.type === 'AssignmentPattern') id = unwrap(id.left as AstNode);
      if (id.type === 'Identifier' && id.name === name) return true;
    }
  }
  return false;
}

/** `Date.now()`, `new Date()`, `new Date().getTime()`, `Date.now().toString(36)`. */
function timestamp(n: AstNode): boolean {
  if (n.type === 'NewExpression') return memberPath(n.callee as AstNode)?.join('.') === 'Date';
  if (n.type !== 'CallExpression') return false;
  if (memberPath(n.callee as AstNode)?.join('.') === 'Date.now') return true;
  const callee = unwrap(n.callee);
  const prop = calleeProperty(n);
  return callee.type === 'MemberExpression' && /^(getTime|valueOf|toISOString|toString|toUTCString)$/.test(prop ?? '') && timestamp(unwrap(callee.object as AstNode));
}
