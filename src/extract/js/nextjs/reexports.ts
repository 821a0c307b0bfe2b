// App Router route files that re-export their handlers from another module:
//   import { GET, POST } from '@/modules/api/responses/route'; export { GET, POST };
//   export { GET } from '@/modules/billing/api/route';
//   import { POST as handler } from '../lib/route'; export const POST = handler;
// The route answers with the other module's handler, so that module's exported `GET`/`POST` are
// judged where they are defined (every check of this extractor: session checks, handler wrappers,
// helper calls) and placed at the route file's URL by link, the way a router module is mounted:
//   - the module (a file outside app/ exporting HTTP method handlers) gives one route per method on
//     a receiver named after its export (`<module>#GET`), at `/`, kept only where something mounts it;
//   - the route file gives a `js-router-mount` of that receiver at its own path, plus its usual
//     entry marked `standsFor` the receiver, which link drops once the receiver has a route (kept
//     when the module cannot be read, as before).
import type { FactInput } from '../../../model/types.js';
import type { AstNode, JsIndex } from '../_lib/ast.js';
import type { MountRecord } from '../_lib/routes-scan.js';
import { fileNoExt, internalFact, type ReceiverRef } from '../_lib/routes.js';

/** A file outside app/ that exports handlers named after HTTP methods (cheap text test before parsing). */
export const ROUTE_MODULE_EXPORT = /\bexport\s+(?:(?:const|let|var)\s+|(?:async\s+)?function\s*)(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/;

/** Receiver of a route module's handler for one method: what a re-exporting route file mounts. */
export function moduleReceiver(index: JsIndex, method: string): ReceiverRef {
  return { id: `${fileNoExt(index.file)}#${method}` };
}

/** Tags of a route module's entries: placed only where a route file mounts them (link). */
export const MODULE_ROUTE_TAGS = ['~recv-kind:nextjs-route-module', '~recv-loose'];

export interface Reexport {
  ref: { module: string; from: string; export: string };
  at: AstNode;
}

/**
 * The method handlers a route file takes from another module of the repository: `export { GET }
 * from 'm'`, or an exported name (`export { GET }`, `export const GET = imported`) bound to a named
 * import. Only imports whose imported name is itself the method are followed (the module is read
 * as a route module by its method exports).
 */
export function reexportedMethods(index: JsIndex, methods: readonly string[]): Map<string, Reexport> {
  const out = new Map<string, Reexport>();
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type !== 'ExportNamedDeclaration' || !s.source) continue;
    for (const spec of s.specifiers) {
      const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
      const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
      if (methods.includes(exported) && local === exported) out.set(exported, { ref: { module: String(s.source.value), from: index.file, export: local }, at: s });
    }
  }
  for (const m of methods) {
    const value = index.exports.get(m);
    if (out.has(m) || !value || value.type !== 'Identifier') continue;
    const binding = index.bindings.get(value.name);
    if (binding && binding.imported === m) out.set(m, { ref: { module: binding.module, from: index.file, export: m }, at: value });
  }
  return out;
}

/** The route file mounts the module's receiver at its own path. */
export function mountFact(index: JsIndex, method: string, reexport: Reexport, path: string): FactInput {
  const record: MountRecord = { kind: 'mount', framework: 'nextjs', parent: { id: `${fileNoExt(index.file)}#~route-file` }, child: reexport.ref, prefix: path };
  return internalFact('js-router-mount', index.evidence(reexport.at), record, `${index.file}#js-router-mount:nextjs-reexport:${method}`);
}
