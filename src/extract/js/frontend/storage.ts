// Tokens and credentials written to localStorage / sessionStorage, where any script running in
// the page (an XSS payload, a compromised dependency) can read them.
import type { FactInput } from '../../../model/types.js';
import { memberPath, stringValue, type AstNode, type JsIndex } from '../_lib/ast.js';

const SENSITIVE_KEY = /token|jwt|auth|session|access|refresh|bearer|api_?key|apikey|credential|secret|password|id_token/i;
/** Keys that name a credential itself (`authToken`, `jwt`), not a flag or profile about it (`isAuthenticated`, `AUTH_USER`). */
const BEARER_KEY = /token|jwt|bearer|api_?key|apikey|credential|secret|passw(or)?d|session_?id|\bsid\b|access_?key/i;

function storageOf(path: string[] | undefined): 'localStorage' | 'sessionStorage' | undefined {
  if (!path) return undefined;
  const i = path.findIndex((p) => p === 'localStorage' || p === 'sessionStorage');
  if (i < 0 || (i > 0 && !['window', 'self', 'globalThis', 'this'].includes(path[0]))) return undefined;
  return path[i] as 'localStorage' | 'sessionStorage';
}

function fact(index: JsIndex, at: AstNode, storage: string, key: string, tokenValue: boolean): FactInput {
  return {
    kind: 'config',
    setting: 'client-storage',
    // `bearer`: the key or the value stored is the credential (rule token-in-localstorage).
    values: { storage, key, sensitive: true, bearer: tokenValue || BEARER_KEY.test(key) },
    summary: `${key} stored in ${storage}`,
    evidence: index.evidence(at),
    key: `${index.file}#config:client-storage:${storage}:${key}`,
  };
}

export function storageFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    if (!path || path[path.length - 1] !== 'setItem') continue;
    const storage = storageOf(path.slice(0, -1));
    if (!storage) continue;
    const keyNode = call.arguments[0] as AstNode | undefined;
    const key = stringValue(keyNode, index) ?? (keyNode ? index.text(keyNode) : '');
    const valueText = call.arguments[1] ? index.text(call.arguments[1] as AstNode) : '';
    const tokenValue = /token|jwt/i.test(valueText) && !/JSON\.stringify\(\s*(user|profile|settings|prefs|theme)/i.test(valueText);
    if (SENSITIVE_KEY.test(key) || tokenValue) out.push(fact(index, call, storage, key, tokenValue));
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    const storage = storageOf(path?.slice(0, -1));
    if (!storage || !path) continue;
    const key = path[path.length - 1];
    if (SENSITIVE_KEY.test(key)) out.push(fact(index, assign, storage, key, /token|jwt/i.test(index.text(assign.right as AstNode))));
  }
  return out;
}
