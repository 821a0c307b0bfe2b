// AdonisJS controllers (app/Controllers/Http in v5, app/controllers in v6, or any class of the
// application a route names): one `js-handler` record per method that receives the HTTP context,
// exported as `~adonis.<method>` so the routes of routes.ts find it through the shared link, with
// the method's summary (inline auth, record access, tags) and the Adonis checks of handler-auth.ts.
import type { FactInput } from '../../../model/types.js';
import { unwrap, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { fileNoExt } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { adonisAuth, optionalCaller, strongest } from './handler-auth.js';
import { HANDLER_EXPORT } from './routes.js';

const CONTEXT_TYPE = /^(HttpContext|HttpContextContract)$/;

/** Does a method take the HTTP context (`{ request }: HttpContext`, `ctx: HttpContextContract`, `{ request, response }`)? */
function takesContext(fn: FunctionLike, controllerFile: boolean): boolean {
  let p = fn.params[0] as AstNode | undefined;
  // `public async index() { return Job.all() }` in a controller answers without reading the request.
  if (!p) return controllerFile;
  if (p.type === 'AssignmentPattern') p = p.left as AstNode;
  const ann = (p as { typeAnnotation?: { typeAnnotation?: AstNode } }).typeAnnotation?.typeAnnotation;
  if (ann && ann.type === 'TSTypeReference') {
    const n = ann.typeName;
    const name = n.type === 'Identifier' ? n.name : n.type === 'TSQualifiedName' ? n.right.name : '';
    return CONTEXT_TYPE.test(name);
  }
  if (ann) return false;
  return p.type === 'ObjectPattern' || (p.type === 'Identifier' && /^(ctx|context|httpContext)$/.test(p.name));
}

/** The class a module exports by default (`export default class X`, `class X {}; export default X`). */
export function exportedClass(index: JsIndex): Class | undefined {
  let v = index.exports.get('default');
  v = v ? unwrap(v) : undefined;
  if (v && v.type === 'Identifier') return index.classByName(v.name);
  return v && (v.type === 'ClassDeclaration' || v.type === 'ClassExpression') ? v : undefined;
}

export function scanController(index: JsIndex): FactInput[] {
  const cls = exportedClass(index);
  if (!cls) return [];
  const out: FactInput[] = [];
  const fne = fileNoExt(index.file);
  const clsName = cls.id?.name ?? 'default';
  const controllerFile = /(^|\/)app\/controllers\//i.test(index.file) || /(^|\/)app\/Controllers\/Http\//.test(index.file);
  const methods: { name: string; fn: FunctionLike }[] = [];
  for (const m of cls.body.body) {
    if (m.type !== 'MethodDefinition' || m.kind !== 'method' || m.static || m.key.type !== 'Identifier') continue;
    const fn = m.value as FunctionLike;
    if (fn.body && takesContext(fn, controllerFile)) methods.push({ name: m.key.name, fn });
  }
  // `[SingleAction]` routes call `handle`; a class without one that takes the context is served
  // through a base class or router macro by its one method that does (`asController(ctx)`).
  const serving = methods.filter((m) => m.name !== 'authorize');
  const handleAlias = !methods.some((m) => m.name === 'handle') && serving.length === 1 ? serving[0].name : undefined;
  for (const { name, fn } of methods) {
    const summary = summarizeHandler(fn, index);
    const { inline } = handlerAuth(summary.inline, fn, index);
    const best = strongest(inline, adonisAuth(fn, index));
    const exportName = `${HANDLER_EXPORT}${name}`;
    const exports = name === handleAlias ? [exportName, `${HANDLER_EXPORT}handle`] : [exportName];
    const tags = !best && optionalCaller(fn, index) ? [...summary.tags, 'optional-auth'] : summary.tags;
    const record = { exports, name: `${clsName}.${name}`, line: index.line(fn), inline: best, tags, answers: true, guardCalls: summary.guardCalls };
    out.push({ kind: 'config', setting: 'js-handler', values: { data: JSON.stringify(record) }, evidence: index.evidence(fn), key: `${index.file}#js-handler:${exportName}` });
    out.push(...accessFacts(summary, index, { handler: `${fne}#${exportName}` }));
  }
  return out;
}
