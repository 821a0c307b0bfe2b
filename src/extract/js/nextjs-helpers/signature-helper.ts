// A helper that checks a machine caller's request signature and throws when it does not match
// (`await verifyHook({ req, rawBody })` in a route handler, its result unused): the throw ends the
// handler, so a route that awaits it first is open only to holders of the signing key.
import type { FunctionLike, JsIndex } from '../_lib/ast.js';
import { unsetEnvIn } from '../_lib/guard-bypass.js';
import { environmentSkip, signatureVerified } from '../_lib/routes-guard-signatures.js';

/** Cheap text test before the tree: a signature header and a verify call. */
export function maySignatureHelper(content: string): boolean {
  return content.includes('ignature') && /\bverify\w*\s*\(/i.test(content);
}

/** Why the helper refuses by throwing on a bad signature, if it does. */
export function signatureHelper(fn: FunctionLike, index: JsIndex): string | undefined {
  const why = signatureVerified(fn, index);
  return why && /throw otherwise$/.test(why) ? why : undefined;
}

/**
 * Guard-definition details of a verifier that returns before checking on a test of the environment
 * (`if (process.env.VERCEL !== '1') return;`): the routes are unchecked wherever that test holds,
 * read by link as a conditional guard (authentication-disabled-by-default names the variables).
 */
export function skippedUnless(fn: FunctionLike, index: JsIndex): Record<string, string | number> {
  const skip = environmentSkip(fn, index);
  if (!skip) return {};
  const unset = unsetEnvIn(skip.test, index);
  return { conditional: skip.condition, conditionalLine: skip.line, ...(unset.length > 0 ? { unsetEnv: unset.join(',') } : {}) };
}
