// A helper that checks a machine caller's request signature and throws when it does not match
// (`await verifyHook({ req, rawBody })` in a route handler, its result unused): the throw ends the
// handler, so a route that awaits it first is open only to holders of the signing key.
import type { FunctionLike, JsIndex } from '../_lib/ast.js';
import { signatureVerified } from '../_lib/routes-guard-signatures.js';

/** Cheap text test before the tree: a signature header and a verify call. */
export function maySignatureHelper(content: string): boolean {
  return content.includes('ignature') && /\bverify\w*\s*\(/i.test(content);
}

/** Why the helper refuses by throwing on a bad signature, if it does. */
export function signatureHelper(fn: FunctionLike, index: JsIndex): string | undefined {
  const why = signatureVerified(fn, index);
  return why && /throw otherwise$/.test(why) ? why : undefined;
}
