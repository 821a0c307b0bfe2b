// Uploaded files written to disk with the name (and so the extension) the client chose, and which
// types the code lets through: express-fileupload `file.mv(path)` and multer disk storage whose
// `filename` keeps `file.originalname`. A static server picks the Content-Type from the extension,
// so an `.svg` or `.html` file is then served as a page of the app's origin.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, objectProp, paramNames, resolveObject, stringValue, unwrap, walk, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { writtenFolder } from './paths.js';

export type Types = 'any' | 'active' | 'restricted';

/** SVG or HTML among the allowed types: an array or pattern alternation naming it beside others. */
const ACTIVE_LISTED = /\[[^\]]*\b(?:svg|x?html?)\b[^\]]*\]|\([^)]*\|\s*\\?\.?(?:svg|x?html?)\b|\b(?:svg|x?html?)\s*\|/i;
/** An image check by MIME prefix lets `image/svg+xml` through. */
const IMAGE_PREFIX = /startsWith\(\s*['"`]image\/?['"`]|\/\^image\\\/\/|includes\(\s*['"`]image\/?['"`]/;
/** Any other look at the type: an extension or MIME allow-list, a magic-number check. */
const TYPE_CHECK = /\b(?:mimetype|mimeType|mime|extname|extension|fileType|file-type|magic)\b|endsWith\(|\.(?:png|jpe?g|gif|webp|pdf|txt|csv|xml|json|zip)\b|image\/(?:png|jpe?g|gif|webp)/i;

export function allowedTypes(text: string): Types {
  if (ACTIVE_LISTED.test(text) || IMAGE_PREFIX.test(text)) return 'active';
  return TYPE_CHECK.test(text) ? 'restricted' : 'any';
}

/** The client's file name: `file.name` (express-fileupload), `originalname` (multer), `filename`. */
const CLIENT_NAME = /\.(?:name|originalname|originalFilename)\b|\boriginalname\b/;

/** Does the expression, or a local it is built from (one definition deep each), use the client's name? */
function usesClientName(node: AstNode | undefined, index: JsIndex, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 4) return false;
  if (CLIENT_NAME.test(index.text(n))) return true;
  let found = false;
  walk(n, (c) => {
    if (found) return false;
    if (c.type === 'Identifier' && c !== n) {
      const init = index.initAt(c.name, c);
      if (init && !isFunctionLike(unwrap(init)) && usesClientName(init, index, depth + 1)) found = true;
    }
    return undefined;
  });
  if (!found && n.type === 'Identifier') return usesClientName(index.initAt(n.name, n), index, depth + 1);
  return found;
}

function fact(index: JsIndex, at: AstNode, values: Record<string, string>, n: number): FactInput {
  return { kind: 'config', setting: 'upload-write', values, summary: `uploaded file written to ${values.dir || '.'} (${values.types} types)`, evidence: index.evidence(at), key: `${index.file}#config:upload-write:${index.enclosingFunctionName(at)}:${n}` };
}

/** express-fileupload: `req.files.x.mv(path, cb)`, judged by the handler around it. */
function movedUploads(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'mv' || call.arguments.length === 0) continue;
    const target = call.arguments[0] as AstNode;
    if (!usesClientName(target, index)) continue;
    const dir = writtenFolder(target, index, true);
    if (dir === undefined) continue;
    const fn = index.enclosingFunction(call);
    out.push(fact(index, call, { dir, api: 'express-fileupload', types: allowedTypes(fn ? index.text(fn) : '') }, out.length));
  }
}

/** The function a value is, inline or by name. */
function fnOf(node: AstNode | undefined, index: JsIndex): FunctionLike | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (isFunctionLike(n)) return n;
  if (n.type === 'Identifier') {
    const init = unwrap(index.initAt(n.name, n) ?? index.functionByName(n.name));
    return init && isFunctionLike(init) ? init : undefined;
  }
  return undefined;
}

/** `destination: 'dir'` or `destination(req, file, cb) { cb(null, dir) }`. */
function destinationOf(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (stringValue(n, index) !== undefined || n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression') return writtenFolder(n, index, false);
  const cb = paramNames(n)[2];
  if (!cb) return undefined;
  let dir: string | undefined;
  walk(n, (c) => {
    if (dir !== undefined) return false;
    if (c.type === 'CallExpression' && unwrap(c.callee).type === 'Identifier' && (unwrap(c.callee) as { name: string }).name === cb) dir = writtenFolder(c.arguments[1] as AstNode, index, false);
    return undefined;
  });
  return dir;
}

/** multer({ storage: multer.diskStorage({ destination, filename }), fileFilter }). */
function multerUploads(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    if (!/^multer(\.default)?$/.test(index.resolvedCallee(call) ?? '')) continue;
    const opts = resolveObject(call.arguments[0] as AstNode, index);
    let storage = unwrap(objectProp(opts, 'storage'));
    if (storage?.type === 'Identifier') storage = unwrap(index.initAt(storage.name, storage));
    if (storage?.type !== 'CallExpression' || calleeProperty(storage as CallLike) !== 'diskStorage') continue;
    const storeOpts = resolveObject((storage as CallLike).arguments[0] as AstNode, index);
    // Without `filename` multer names files with random hex and no extension: served as octet-stream.
    const filename = fnOf(objectProp(storeOpts, 'filename'), index);
    if (!filename || !CLIENT_NAME.test(index.text(filename)) && !/\bextname\s*\(/.test(index.text(filename))) continue;
    const dir = destinationOf(objectProp(storeOpts, 'destination'), index);
    if (dir === undefined) continue;
    // A type check may sit in fileFilter or inside the storage callbacks (rejecting in destination).
    const filter = fnOf(objectProp(opts, 'fileFilter'), index);
    const checks = `${filter ? index.text(filter) : ''}\n${storeOpts ? index.text(storeOpts) : ''}`;
    out.push(fact(index, call, { dir, api: 'multer', types: allowedTypes(checks) }, out.length));
  }
}

export function uploadFacts(index: JsIndex, content: string): FactInput[] {
  const out: FactInput[] = [];
  if (content.includes('.mv(') && /\b(?:req|request)\.files\b/.test(content)) movedUploads(index, out);
  if (content.includes('diskStorage')) multerUploads(index, out);
  return out;
}
