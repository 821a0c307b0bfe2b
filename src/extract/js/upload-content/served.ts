// Folders served as static files, with the folder resolved like upload folders (security-config's
// `static` facts keep the raw argument): `express.static('./assets')`, `serveStatic(path.join(
// __dirname, 'public'))`, `koa-static`. `setHeaders` that sends `Content-Disposition: attachment`
// (or a sandboxing CSP) makes the browser download or isolate files instead of rendering them.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, objectProp, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { fixedPath, writtenFolder } from './paths.js';

const STATIC = /^(express\.static|serve-static|koa-static|koa-static-cache)$/;
const DEFUSED = /attachment|Content-Disposition|sandbox/i;
const RESPONSE = /^(res|response|reply)$/;

function served(index: JsIndex, at: AstNode, dir: string, path: string, defused: boolean, n: number): FactInput {
  return {
    kind: 'config',
    setting: 'served-folder',
    values: { dir, path, defused },
    summary: `static files from ${dir || '.'} at ${path}`,
    evidence: index.evidence(at),
    key: `${index.file}#config:served-folder:${index.enclosingFunctionName(at)}:${path}:${n}`,
  };
}

/**
 * `res.sendFile(path.join(UPLOADS, req.params.name))` / `res.sendFile(name, { root })`: a file of
 * the folder chosen per request (a fixed file is the app's own page). Express sets the type from
 * the extension; an \`attachment\` header or \`res.download\` in the handler makes it a download.
 */
function sentFiles(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'sendFile') continue;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'Identifier' || !RESPONSE.test((unwrap(callee.object) as { name: string }).name)) continue;
    const arg = call.arguments[0] as AstNode;
    const root = objectProp(resolveObject(call.arguments[1] as AstNode, index), 'root');
    if (!arg || fixedPath(arg, index)) continue;
    const dir = root ? writtenFolder(root, index, false) : writtenFolder(arg, index, true);
    if (dir === undefined || dir === '' || dir.startsWith('@cwd') && dir.length <= 5) continue;
    const fn = index.enclosingFunction(call);
    out.push(served(index, call, dir, 'route', !!fn && DEFUSED.test(index.text(fn)), out.length));
  }
}

export function servedFacts(index: JsIndex, content: string): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (!STATIC.test((index.resolvedCallee(call) ?? '').replace(/\.default$/, ''))) continue;
    const dir = writtenFolder(call.arguments[0] as AstNode, index, false);
    if (dir === undefined) continue;
    const opts = resolveObject(call.arguments[1] as AstNode, index);
    const setHeaders = objectProp(opts, 'setHeaders');
    const defused = !!setHeaders && DEFUSED.test(index.text(unwrap(setHeaders)));
    const use = index.parent(call);
    const path = use?.type === 'CallExpression' && calleeProperty(use as CallLike) === 'use' ? (stringValue((use as CallLike).arguments[0] as AstNode, index) ?? '/') : '/';
    out.push(served(index, call, dir, path, defused, out.length));
  }
  if (content.includes('sendFile')) sentFiles(index, out);
  return out;
}
