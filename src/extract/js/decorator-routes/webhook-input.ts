// A decorator controller method's webhook verdict (../_lib/webhook-input.ts). Without parameter
// decorators the framework hands the method `(req, res)` (OvernightJS, inversify-express-utils):
// the first parameter is the request. With them, the request is what `@Req()` / `@Request()` /
// `@request()` holds; `@Body()`, `@Param()`, `@QueryParam()`... give parsed input only; any other
// (`@HeaderParam('x-signature')`, `@requestHeaders()`, `@Ctx()`) may carry a signature: no verdict.
import type { AstNode, FunctionLike, JsIndex } from '../_lib/ast.js';
import { speaksOfHooks, webhookInput, webhookInputOf, type WebhookInput } from '../_lib/webhook-input.js';
import { parameterOf } from '../nestjs/decorators.js';

const PARSED = /^(?:Body|BodyParam|Param|Params|Query|QueryParam|QueryParams|Path|Session|SessionParam|CurrentUser|UploadedFile|UploadedFiles|requestParam|queryParam|requestBody|Res|Response|response|Next|next)$/;
const REQUEST = /^(?:Req|Request|request)$/;

export function decoratedWebhookInput(fn: FunctionLike | undefined, index: JsIndex): WebhookInput | undefined {
  if (!fn || !speaksOfHooks(index)) return undefined;
  const params = fn.params.map((p) => parameterOf(p as AstNode));
  if (params.every((p) => p.decorators.length === 0)) return webhookInput(fn, index);
  const requests = new Set<string>();
  for (const { target, decorators } of params) {
    if (decorators.some((d) => REQUEST.test(d.name)) && target.type === 'Identifier') requests.add(target.name);
    else if (decorators.length === 0 || !decorators.every((d) => PARSED.test(d.name))) return undefined;
  }
  return webhookInputOf(fn, requests, index);
}
