// A bearer token written into the URL of a redirect (`res.redirect(`${APP}/auth/${jwt}`)`): the
// browser keeps it in its history, proxies, CDNs and the next server's access logs record it, and
// the landing page may leak it in a Referer. A token in the fragment (`#token=…`) is never sent to
// a server and is left alone.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, memberPath, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { bindingAt, core } from './request.js';
import { functionScopes } from './scopes.js';

/** Names of a bearer credential (not a CSRF or one-time reset token). */
const BEARER_NAME = /^(jwt|jwt_?token|access_?token|id_?token|auth_?token|bearer_?token|session_?token|refresh_?token)$/i;
/** Calls that mint a token: `jwt.sign(…)`, `this.jwtService.signAsync(…)`. */
const SIGN_CALL = /^(sign|signAsync|signJwt|signToken|createToken|generateToken|generateJwt|issueToken)$/;

export function redirectFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'redirect' || call.arguments.length === 0) continue;
    const fn = index.enclosingFunction(call);
    if (!fn) continue;
    const url = urlParts(call.arguments[call.arguments.length - 1] as AstNode, index);
    const token = url ? tokenIn(url, index) : undefined;
    if (!token) continue;
    const scopes = functionScopes(fn, index);
    out.push({
      kind: 'config',
      setting: 'token-in-redirect',
      values: { token: token.slice(0, 60), call: index.text(call.callee as AstNode).slice(0, 60), scopes },
      summary: `${token} written into a redirect URL`,
      evidence: index.evidence(call),
      key: `${index.file}#config:token-in-redirect:${index.enclosingFunctionName(call)}`,
    });
  }
  return out;
}

/** The pieces of a URL built by a template or `+`, each with the literal text before it; also through one local name. */
function urlParts(node: AstNode, index: JsIndex, depth = 0): { before: string; expr: AstNode }[] | undefined {
  const n = unwrap(node);
  if (n.type === 'TemplateLiteral') {
    let before = '';
    return n.expressions.map((e, i) => {
      before += n.quasis[i]?.value.cooked ?? '';
      return { before, expr: e as AstNode };
    });
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const parts: { before: string; expr: AstNode }[] = [];
    let before = '';
    const flat = (x: AstNode) => {
      const u = unwrap(x);
      if (u.type === 'BinaryExpression' && u.operator === '+') {
        flat(u.left as AstNode);
        flat(u.right as AstNode);
      } else if (u.type === 'Literal' && typeof u.value === 'string') before += u.value;
      else parts.push({ before, expr: u });
    };
    flat(n);
    return parts;
  }
  if (n.type === 'Identifier' && depth < 2) {
    const b = bindingAt(n.name, n, index);
    return b && !b.key ? urlParts(b.init, index, depth + 1) : undefined;
  }
  return undefined;
}

/** The bearer token among the URL's pieces that sits before any `#`, by its name or by the call that made it. */
function tokenIn(parts: { before: string; expr: AstNode }[], index: JsIndex): string | undefined {
  for (const { before, expr } of parts) {
    if (before.includes('#')) return undefined;
    const n = core(expr);
    const path = n ? memberPath(n) : undefined;
    const last = path?.[path.length - 1];
    if (!n || !last) continue;
    if (BEARER_NAME.test(last)) return index.text(n);
    if (path?.length === 1 && /token/i.test(last)) {
      const b = bindingAt(last, n, index);
      const init = b && !b.key ? unwrap(core(b.init) ?? b.init) : undefined;
      if (init?.type === 'CallExpression' && SIGN_CALL.test(calleeProperty(init) ?? '')) return index.text(n);
    }
  }
  return undefined;
}
