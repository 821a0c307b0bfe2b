// Framework knowledge the interpreter uses outside calls: Nest controllers and route decorators,
// request/response parameter types, and upload fields chosen by the server.
import type { Class, Expression, TSTypeAnnotation } from 'oxc-parser';
import { stringValue, unwrap } from './taint-ast.js';
import type { Mode } from './taint-output.js';
import type { FnNode } from './taint-types.js';
import { Table } from './taint-table.js';

const HTTP_DECORATORS = new Table<string>({
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  All: 'ALL',
  Options: 'OPTIONS',
  Head: 'HEAD',
  // inversify-express-utils (js/decorator-routes reads the other controller frameworks' routes).
  httpGet: 'GET',
  httpPost: 'POST',
  httpPut: 'PUT',
  httpPatch: 'PATCH',
  httpDelete: 'DELETE',
  httpHead: 'HEAD',
  httpOptions: 'OPTIONS',
});

/** Class decorators of controllers: NestJS, routing-controllers, inversify-express-utils, tsoa. */
const CONTROLLERS = new Set(['Controller', 'JsonController', 'controller', 'Route']);

/** Upload middleware (multer, express-fileupload, formidable / koa-body: `filepath`, `newFilename`) fields the server chose, not the client. */
export const SERVER_FILE_FIELDS = new Set(['path', 'filepath', 'newFilename', 'filename', 'destination', 'size', 'tempFilePath', 'md5', 'truncated', 'encoding', 'mv']);
export const UPLOAD_LABEL = /^[\w$]+(?:\.request)?\.(?:file|files)(?:\.[\w$]+|\['[^']*'\])?$/;

export const REQUEST_TYPES = new Set(['Request', 'NextRequest', 'NextApiRequest', 'FastifyRequest', 'IncomingMessage', 'ExpressRequest', 'H3Event']);
export const RESPONSE_TYPES = new Set(['Response', 'NextApiResponse', 'FastifyReply', 'ServerResponse', 'ResponseToolkit', 'ExpressResponse']);
/** Koa / Hono contexts, and AdonisJS' HTTP context (v6 `HttpContext`, v5 `HttpContextContract`). */
export const CONTEXT_TYPES = new Set(['Context', 'ParameterizedContext', 'RouterContext', 'HttpContext', 'HttpContextContract']);

/** The last name of a parameter's type reference (`express.Request` is `Request`). */
export function typeName(ann: TSTypeAnnotation | null | undefined): string | undefined {
  const t = ann?.typeAnnotation;
  if (!t || t.type !== 'TSTypeReference') return undefined;
  const n = t.typeName;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'TSQualifiedName') return n.right.name;
  return undefined;
}

function decoratorCall(d: { expression: Expression }): { name: string; arg?: string } | undefined {
  const e = unwrap(d.expression);
  if (e.type === 'CallExpression' && unwrap(e.callee).type === 'Identifier') {
    const callee = unwrap(e.callee) as { name: string };
    const a0 = e.arguments[0];
    return { name: callee.name, arg: a0 && a0.type !== 'SpreadElement' ? stringValue(unwrap(a0)) : undefined };
  }
  if (e.type === 'Identifier') return { name: e.name };
  return undefined;
}

/** `@Controller('users')` prefix, or undefined when the class is not a controller (Nest or another decorator framework) or gateway. */
export function nestController(node: Class): string | undefined {
  for (const d of node.decorators ?? []) {
    const c = decoratorCall(d);
    if (c && (CONTROLLERS.has(c.name) || c.name === 'WebSocketGateway' || c.name === 'Resolver')) return CONTROLLERS.has(c.name) ? (c.arg ?? '') : '';
  }
  return undefined;
}

export function nestMode(decorators: { expression: Expression }[] | undefined, prefix: string | undefined, fn: FnNode): Mode | undefined {
  if (prefix === undefined) return undefined;
  for (const d of decorators ?? []) {
    const c = decoratorCall(d);
    const verb = c ? HTTP_DECORATORS.get(c.name) : undefined;
    if (verb) return { kind: 'nest', route: `${verb} ${joinRoute(prefix, c?.arg ?? '')}`, htmlReturn: returnsHtml(decorators, fn) };
    if (c && /^(?:SubscribeMessage|Query|Mutation|MessagePattern|EventPattern)$/.test(c.name)) return { kind: 'nest' };
  }
  const hasSourceParams = fn.params.some((p) => ('decorators' in p ? p.decorators?.length : 0));
  return hasSourceParams ? { kind: 'nest' } : undefined;
}

/**
 * Whether a Nest HTTP handler's returned string is the response body as text/html (Nest's default
 * for strings on Express). Not when the method renders a view, redirects, streams events, sets a
 * non-HTML content type with `@Header`, or takes the response object (`@Res()`) to send itself.
 */
function returnsHtml(decorators: { expression: Expression }[] | undefined, fn: FnNode): boolean {
  for (const d of decorators ?? []) {
    const e = unwrap(d.expression);
    if (e.type !== 'CallExpression' || unwrap(e.callee).type !== 'Identifier') continue;
    const name = (unwrap(e.callee) as { name: string }).name;
    if (name === 'Render' || name === 'Redirect' || name === 'Sse') return false;
    if (name !== 'Header') continue;
    const [h, v] = e.arguments.map((a) => (a.type === 'SpreadElement' ? undefined : stringValue(unwrap(a))));
    if (h?.toLowerCase() === 'content-type' && !/html/i.test(v ?? '')) return false;
  }
  return !fn.params.some((p) => {
    const decos = 'decorators' in p ? (p.decorators ?? []) : [];
    return decos.some((d) => {
      const c = decoratorCall(d);
      return c?.name === 'Res' || c?.name === 'Response';
    });
  });
}

export function joinRoute(prefix: string, path: string): string {
  const joined = `/${[prefix, path].map((s) => s.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return joined;
}
