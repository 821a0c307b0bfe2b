// PyJWT / python-jose calls as `auth` facts with the same details the web JWT rules read:
// decode without signature verification, literal keys, `none` among the accepted algorithms.
import type { SgNode } from '@ast-grep/napi';
import type { AuthFact, FactInput } from '../../../model/types.js';
import type { PyIndex } from '../_lib/index.js';
import { keywordArg, positionalArgs } from '../_lib/receivers.js';
import { dotted, pyString, pyStringList } from '../_lib/strings.js';

const JWT_CALLS = /^(jwt|jose\.jwt|jwt\.api_jwt|authlib\.jose\.jwt)\.(encode|decode)$/;

function keyOrigin(node: SgNode | undefined): string | undefined {
  if (!node) return undefined;
  if (pyString(node) !== undefined) return (pyString(node) ?? '').length > 0 ? 'literal' : undefined;
  const text = node.text().replace(/\s+/g, '');
  if (/^os\.(environ\.get|getenv)\([^,]+,['"][^'"]+['"]\)$/.test(text)) return 'env-fallback';
  return undefined;
}

function enclosingFunction(node: SgNode): SgNode | undefined {
  for (const a of node.ancestors()) if (a.kind() === 'function_definition') return a;
  return undefined;
}

/** Reads of the incoming request: headers, cookies, body, query (Flask, Django, DRF, Starlette, aiohttp). */
const FROM_REQUEST = /\brequest\b|\breq\b|\bheaders\b|\bcookies\b|\bCOOKIES\b|\bMETA\b|HTTP_AUTHORIZATION|['"]Authorization['"]|\bcredentials\b/;
/** Values an outbound call returned (the identity provider's token endpoint) or the object's own state. */
const FROM_SERVER = /\brequests\.|\bhttpx\.|\burlopen\(|\.json\(\)|\b(?:response|resp|res|token_response|tokens)\b|^self\./;

type TokenSource = 'request' | 'parameter' | 'server-response' | 'unknown';

/**
 * Where the decoded value comes from inside its function: the request, a parameter (a handler's
 * or a helper's input), or a value the server obtained itself, such as an OIDC id_token in the
 * provider's token-endpoint response (server to server, not chosen by the client).
 */
function tokenSource(value: SgNode | undefined, fn: SgNode | undefined, params: readonly string[], depth = 0): TokenSource {
  if (!value) return 'unknown';
  const text = value.text();
  if (FROM_REQUEST.test(text)) return 'request';
  if (FROM_SERVER.test(text)) return 'server-response';
  const head = /^([A-Za-z_]\w*)/.exec(text)?.[1];
  if (!head || !fn || depth > 3) return 'unknown';
  const assigned = fn.findAll({ rule: { kind: 'assignment', has: { field: 'left', regex: `^${head}$` } } }).filter((a) => a.range().start.index < value.range().start.index);
  const last = assigned.pop();
  if (last) return tokenSource(last.field('right') ?? undefined, fn, params, depth + 1);
  return params.includes(head) ? 'parameter' : 'unknown';
}

function decodeOrigin(call: SgNode, index: PyIndex): { source: TokenSource; inRequestPath: boolean } {
  const fnNode = enclosingFunction(call);
  const fn = fnNode ? index.functions.find((f) => f.node.range().start.index === fnNode.range().start.index) : undefined;
  const params = (fn?.params ?? []).map((p) => p.name).filter((n) => n !== 'self' && n !== 'cls');
  const value = positionalArgs(call)[0] ?? keywordArg(call, 'jwt') ?? keywordArg(call, 'token');
  const source = tokenSource(value, fnNode, params);
  // A parameter counts unless the same function fetched tokens from a provider itself.
  const fetches = /\b(?:requests|httpx|session|client)\.post\(|\burlopen\(|fetch_token\(/.test(fnNode?.text() ?? '');
  return { source, inRequestPath: source === 'request' || (source === 'parameter' && !fetches) };
}

export function jwtFacts(index: PyIndex): FactInput[] {
  if (!index.importsFrom('jwt', 'jose', 'authlib')) return [];
  const out: FactInput[] = [];
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(^|\\.)(encode|decode)$' } } })) {
    const callee = index.resolve(dotted(call.field('function')) ?? '');
    const m = JWT_CALLS.exec(callee);
    if (!m) continue;
    const operation = m[2];
    const args = positionalArgs(call);
    const library = callee.startsWith('jose') ? 'python-jose' : 'pyjwt';
    const details: Record<string, string | boolean | null> = { operation: operation === 'encode' ? 'sign' : 'verify', language: 'python' };
    const keyNode = args[1] ?? keywordArg(call, 'key');
    const origin = keyOrigin(keyNode);
    if (origin) details.secretOrigin = origin;
    if (operation === 'decode') {
      const options = keywordArg(call, 'options')?.text().replace(/\s+/g, '') ?? '';
      const unverified = /['"]verify_signature['"]:False/.test(options) || keywordArg(call, 'verify')?.text() === 'False';
      const algorithms = pyStringList(keywordArg(call, 'algorithms'));
      details.algorithms = algorithms ? algorithms.join(',') : null;
      if (algorithms?.some((a) => a.toLowerCase() === 'none')) details.none = true;
      if (unverified) {
        const text = enclosingFunction(call)?.text() ?? '';
        const origin = decodeOrigin(call, index);
        Object.assign(details, {
          operation: 'decode',
          verified: false,
          inRequestPath: origin.inRequestPath,
          tokenSource: origin.source,
          verifiedNearby: /verify_signature['"]\s*:\s*True|jwt\.decode\([^)]*algorithms/.test(text.replace(call.text(), '')),
        });
      }
    }
    const fact: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: 'jwt',
      role: operation === 'encode' ? 'token-issue' : 'token-verify',
      library,
      details,
      evidence: index.evidence(call),
      key: `${index.file}#auth:jwt:${operation}`,
    };
    out.push(fact);
  }
  return out;
}
