// Next.js security headers: the `headers()` of next.config.* (`{ key: 'X-Frame-Options', value }`
// entries, often in a shared array) and the header helper packages next-secure-headers and
// @next-safe/*. Headers set in middleware.ts (`response.headers.set(...)`) are the hand-set ones of
// headers.ts.
import type { FactInput } from '../../../model/types.js';
import { objectProp, stringValue, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact } from './common.js';

const NEXT_CONFIG = /(^|\/)next\.config\.(js|cjs|mjs|ts|mts)$/;
const HELPERS = /^(next-secure-headers|@next-safe\/[\w-]+)(\.|$)/;
const NEXT_HEADERS = new Set(['content-security-policy', 'x-frame-options', 'strict-transport-security', 'x-content-type-options', 'referrer-policy', 'permissions-policy']);

export function nextHeaderFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    const m = HELPERS.exec(r);
    if (m) {
      out.push(configFact(index, call, 'headers', { library: m[1] }, `security headers via ${m[1]}`, m[1]));
      break;
    }
  }
  if (!NEXT_CONFIG.test(index.file)) return out;
  const headers = new Set<string>();
  let first: AstNode | undefined;
  for (const obj of index.nodesOf('ObjectExpression')) {
    const name = stringValue(objectProp(obj, 'key'), index)?.toLowerCase();
    if (!name || !NEXT_HEADERS.has(name)) continue;
    headers.add(name);
    // A policy with frame-ancestors stops framing as X-Frame-Options does.
    const value = objectProp(obj, 'value');
    if (name === 'content-security-policy' && value && /frame-ancestors/i.test(index.text(value))) headers.add('x-frame-options');
    first ??= obj;
  }
  if (first) {
    const list = [...headers].sort().join(',');
    out.push(configFact(index, first, 'headers', { library: 'next.config headers()', headers: list, partial: headers.size < 3 }, `security headers in next.config headers(): ${list}`, 'next-config'));
  }
  return out;
}
