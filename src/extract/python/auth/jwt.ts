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

function enclosingFunctionText(node: SgNode): string {
  for (const a of node.ancestors()) if (a.kind() === 'function_definition') return a.text();
  return '';
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
        const text = enclosingFunctionText(call);
        Object.assign(details, {
          operation: 'decode',
          verified: false,
          inRequestPath: /request|Authorization|token/i.test(text),
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
