// A Nest controller method's webhook verdict (../_lib/webhook-input.ts): the request is what its
// `@Req()` parameter holds; `@Headers()`, `@RawBody()` or a parameter of a decorator not known to
// give parsed input may carry a signature (no verdict); `@Body()`, `@Param()`, `@Query()` cannot.
import type { FunctionLike, JsIndex, AstNode } from '../_lib/ast.js';
import { speaksOfHooks, webhookInputOf, type WebhookInput } from '../_lib/webhook-input.js';
import { parameterOf } from './decorators.js';

const PARSED = /^(Body|Param|Query|Ip|HostParam|Session)$/;
const REQUEST = /^(Req|Request)$/;

export function webhookInput(fn: FunctionLike, index: JsIndex): WebhookInput | undefined {
  if (!speaksOfHooks(index)) return undefined;
  const requests = new Set<string>();
  for (const p of fn.params) {
    const { target, decorators } = parameterOf(p as AstNode);
    if (decorators.some((d) => REQUEST.test(d.name)) && target.type === 'Identifier') requests.add(target.name);
    else if (decorators.length === 0 || !decorators.every((d) => PARSED.test(d.name))) return undefined;
  }
  return webhookInputOf(fn, requests, index);
}
