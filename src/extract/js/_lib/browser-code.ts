// Front-end code shipped to the browser next to an Express server (`public/src/**`,
// `src/static/js/**`, `src/public/app/**`): its `api.post('/groups', data)` and `$.get('/x')` are HTTP client calls,
// not routes. Told apart by where the file lives and by the browser globals it uses.
import { isFunctionLike, paramNames, type AstNode, type JsIndex } from './ast.js';

/** Folders whose scripts are served to browsers as they are. */
const BROWSER_DIR = /(^|\/)(public|static|assets|www)\/(src|js|scripts|app)\//;
const BROWSER_GLOBALS = new Set(['window', 'document', 'ajaxify']);

/** Is a browser global read here (`window.location`, `document.querySelector`) without a local of that name? */
function usesBrowserGlobals(index: JsIndex): boolean {
  // The text is asked once a member of a global's name is found (most files have none, and each
  // search scans the whole file); the plain searches first: the expression alone tries its
  // alternatives at every position of the file.
  const text = index.content;
  let written: boolean | undefined;
  for (const m of index.nodesOf('MemberExpression')) {
    const obj = m.object as AstNode;
    if (obj.type !== 'Identifier' || !BROWSER_GLOBALS.has(obj.name)) continue;
    if (!(written ??= (text.includes('window.') || text.includes('document.') || text.includes('ajaxify.')) && /\b(window|document|ajaxify)\./.test(text))) return false;
    // `const { document } = new JSDOM(html).window` on a server declares its own.
    if (index.initAt(obj.name, m) !== undefined || index.bindings.has(obj.name)) continue;
    if (index.ancestors(m).some((a) => isFunctionLike(a) && paramNames(a).includes(obj.name))) continue;
    return true;
  }
  return false;
}

/** Browser code: never a server's routes, unless it imports a server framework itself. */
export function browserCode(index: JsIndex): boolean {
  if (index.imports('express', 'koa', '@koa/router', 'koa-router', 'fastify', 'fastify-plugin', 'express-promise-router')) return false;
  return BROWSER_DIR.test(index.file) || usesBrowserGlobals(index);
}
