// Where a site sits, for the rules: the functions around it as `start-end` lines, innermost first,
// joined by `;`. A rule finds the route whose handler is one of them (`routeAroundSite`).
import type { FunctionLike, JsIndex } from '../_lib/ast.js';

/** `start-end;…` of `fn` and every function enclosing it, innermost first ('' outside any function). */
export function functionScopes(fn: FunctionLike | undefined, index: JsIndex): string {
  const scopes: string[] = [];
  for (let f = fn; f; f = index.enclosingFunction(f)) scopes.push(`${index.line(f)}-${index.parsed.lineAt(f.end)}`);
  return scopes.join(';');
}
