// JWT decoding hidden behind a helper of the application (`export const decode = (t) =>
// jws.decode(t).payload`) and called on a request token elsewhere with no verification in sight:
// the caller trusts claims anyone can forge. Helpers and calls are recorded per file and joined
// by link into `auth` decode facts at the call site.
import { posix } from 'node:path';
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import { functionOf, memberPath, nodesUnder, paramNames, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

const HELPER = 'js-jwt-decode-helper';
const USE = 'js-jwt-decode-use';
const DECODERS = /^(jws\.decode|jsonwebtoken\.decode|jwt-decode(\.default|\.jwtDecode)?|jose\.decodeJwt)$/;

function internal(index: JsIndex, at: AstNode, setting: string, data: Record<string, string>, locator: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting, values: data, evidence: index.evidence(at), key: `${index.file}#${setting}:${locator}` };
  return fact;
}

export interface DecodeContext {
  fromRequest(call: AstNode, index: JsIndex): boolean;
  inRequestPath(call: AstNode, index: JsIndex): boolean;
  verifiedNearby(call: AstNode, index: JsIndex): boolean;
}

/** Roots every DECODERS name starts with. */
const DECODER_ROOTS = ['jws', 'jsonwebtoken', 'jwt-decode', 'jose'];

/**
 * Can any callee of this file resolve to a decoder? A resolved name starts with an imported or
 * required module (all in `index.modules`) or with an identifier written in the file, so neither
 * holding a decoder root means no helper can decode (and its body needs no walk).
 */
function mayDecode(index: JsIndex): boolean {
  for (const m of index.modules) if (DECODER_ROOTS.some((r) => m.startsWith(r))) return true;
  return DECODER_ROOTS.some((r) => index.content.includes(r));
}

/** A yes/no answer: `true`, `false`, a comparison, a negation, or a `&&`/`||` of those. */
function booleanShaped(n: AstNode | null | undefined): boolean {
  if (!n) return false;
  const e = unwrap(n);
  if (e.type === 'Literal') return typeof e.value === 'boolean';
  if (e.type === 'UnaryExpression') return e.operator === '!';
  if (e.type === 'BinaryExpression') return /^(===|!==|==|!=|<|>|<=|>=|instanceof|in)$/.test(e.operator);
  if (e.type === 'LogicalExpression') return booleanShaped(e.left as AstNode) && booleanShaped(e.right as AstNode);
  return false;
}

/**
 * A predicate helper (`isOurToken(token)`: decodes to compare the issuer, answers true or false)
 * hands no claim to its caller, which still has to verify before trusting the token. Declared
 * `: boolean`, or every return of its own body is a yes/no answer.
 */
function predicate(fn: FunctionLike): boolean {
  const declared = (fn as { returnType?: { typeAnnotation?: { type?: string } } | null }).returnType?.typeAnnotation?.type;
  if (declared === 'TSBooleanKeyword' || declared === 'TSTypePredicate') return true;
  const body = fn.body as AstNode | null;
  if (!body) return false;
  if (body.type !== 'BlockStatement') return booleanShaped(body);
  const returns = nodesUnder(body, 'ReturnStatement').filter((r) => !nested(r, body));
  return returns.length > 0 && returns.every((r) => booleanShaped(r.argument as AstNode | null));
}

/** Is `node` inside a function nested in `root` (a callback's return is not the helper's)? */
function nested(node: AstNode, root: AstNode): boolean {
  const fns = [...nodesUnder(root, 'ArrowFunctionExpression'), ...nodesUnder(root, 'FunctionExpression'), ...nodesUnder(root, 'FunctionDeclaration')];
  return fns.some((f) => f.start <= node.start && node.end <= f.end);
}

export function decodeHelperFacts(index: JsIndex, judge: DecodeContext): FactInput[] {
  const out: FactInput[] = [];
  // mayDecode searches the text: asked once there is an exported function (most files have none).
  let may: boolean | undefined;
  for (const [name, value] of index.exports) {
    const fn = functionOf(value, index);
    if (!fn || !fn.body) continue;
    if (!(may ??= mayDecode(index))) break;
    const params = paramNames(fn);
    const decodes = nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => DECODERS.test(index.resolvedCallee(c) ?? '') && nodesUnder(c.arguments[0] as AstNode ?? c, 'Identifier').some((i) => params.includes(i.name)));
    // A helper that verifies before it decodes is the safe kind.
    const verifies = nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => /(^|\.)(verify|jwtVerify|verifyAsync)$/.test(index.resolvedCallee(c) ?? ''));
    if (decodes && !verifies && !predicate(fn)) out.push(internal(index, fn, HELPER, { export: name }, name));
  }
  for (const call of index.nodesOf('CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    const b = path ? index.bindings.get(path[0]) : undefined;
    if (!path || !b || !b.module.startsWith('.')) continue;
    // Cheapest test first: fromRequest may look up every identifier of the argument.
    if (!judge.inRequestPath(call, index) || !judge.fromRequest(call, index) || judge.verifiedNearby(call, index)) continue;
    const exp = b.imported === '*' || b.imported === 'default' ? (path.length > 1 ? path[path.length - 1] : 'default') : b.imported;
    out.push(internal(index, call, USE, { module: b.module, export: exp }, `${exp}:${index.enclosingFunctionName(call)}`));
  }
  return out;
}

function stem(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');
}

export function linkDecodeHelpers(facts: Fact[]): Fact[] {
  const internalFact = (f: Fact): f is ConfigFact => f.kind === 'config' && (f.setting === HELPER || f.setting === USE);
  if (!facts.some(internalFact)) return facts;
  const helpers = new Set<string>();
  for (const f of facts) if (internalFact(f) && f.setting === HELPER) helpers.add(`${stem(f.evidence.file)}#${String(f.values.export)}`);
  const out = facts.filter((f) => !internalFact(f));
  for (const f of facts) {
    if (!internalFact(f) || f.setting !== USE) continue;
    const target = `${stem(posix.normalize(posix.join(posix.dirname(f.evidence.file), String(f.values.module))))}#${String(f.values.export)}`;
    if (!helpers.has(target)) continue;
    out.push({
      kind: 'auth',
      mechanism: 'jwt',
      role: 'token-verify',
      library: `${String(f.values.export)}() helper`,
      details: { operation: 'decode', verified: false, inRequestPath: true, verifiedNearby: false, helper: target },
      evidence: f.evidence,
      extractor: f.extractor,
      key: `${f.key}:decode`,
    });
  }
  return out;
}
