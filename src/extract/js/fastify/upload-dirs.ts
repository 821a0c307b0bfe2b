// Where @fastify/multipart uploads are written: `pipeline(data.file, fs.createWriteStream(p))`,
// `data.file.pipe(createWriteStream(p))`, `fs.writeFile(p, await data.toBuffer())` and
// `request.saveRequestFiles({ tmpdir })`, with `data` from `request.file()`, `request.files()`,
// `request.parts()`, a parameter typed `MultipartFile`, or a parameter named like a file whose
// `.file` stream is written. When the folder is readable here the
// write is recorded directly; when the path is a parameter of a helper (`upload(file, destPath)`)
// the helper is recorded, and calls elsewhere that pass an uploaded file and a readable path to a
// method of that name are recorded too; link pairs them into `upload-destination` facts.
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, memberPath, objectProp, paramNames, resolveObject, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { evalPath, folderOf, CWD } from './paths.js';

export const UPLOAD_WRITE = 'js-fastify-upload-write';
export const UPLOAD_HELPER = 'js-fastify-upload-helper';
export const UPLOAD_CALL = 'js-fastify-upload-call';

export interface UploadWrite {
  dir: string;
  api: string;
}
export interface UploadHelper {
  name: string;
  pathArg: number;
  /** The argument is the file's path (its folder is what counts), not the folder itself. */
  isFile: boolean;
}
export interface UploadCall {
  name: string;
  /** Argument index → path as evaluated, with completeness. */
  args: Record<string, { path: string; complete: boolean }>;
}

const WRITE_STREAM = /(^|\.)createWriteStream$/;
const PIPELINE = /(^|\.)(pipeline|pump)$/;
const WRITE_FILE = /^(fs|fs\/promises|node:fs|node:fs\/promises|fs-extra)(\.promises)?(\.default)?\.(writeFile|writeFileSync|outputFile)$/;
const FILE_PARAM = /^(file|part|upload|uploaded|attachment|multipartFile)$/i;
const UPLOAD_CALLS = /\.(file|files|parts|saveRequestFiles)\(\s*[^)]*\)/;

/** A value holding an uploaded file: from request.file()/files()/parts(), or typed MultipartFile. */
function uploaded(node: AstNode | undefined, index: JsIndex): boolean {
  const n = unwrapAwait(node);
  if (!n) return false;
  if (n.type === 'CallExpression' && calleeProperty(n) === 'toBuffer') return uploaded(calleeObject(n), index);
  const path = memberPath(n);
  if (!path || path.length > 2 || (path.length === 2 && path[1] !== 'file')) return false;
  const name = path[0];
  for (const a of index.ancestors(n)) {
    if (a.type === 'ForOfStatement' && a.left.type === 'VariableDeclaration' && a.left.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === name)) return UPLOAD_CALLS.test(index.text(a.right as AstNode));
    if (a.type !== 'FunctionDeclaration' && a.type !== 'FunctionExpression' && a.type !== 'ArrowFunctionExpression') continue;
    const fn = a as FunctionLike;
    const i = paramNames(fn).indexOf(name);
    // Typed `MultipartFile`, or (untyped JS) a file-like name whose `.file` stream is piped.
    if (i >= 0) return /Multipart/.test(index.text(fn.params[i] as AstNode)) || (path.length === 2 && FILE_PARAM.test(name));
  }
  const init = index.initAt(name, n);
  return !!init && UPLOAD_CALLS.test(index.text(init));
}

/** The destination path node of an upload write, and the API that writes it. */
function destination(call: CallLike, index: JsIndex): { target: AstNode; api: string; folder: boolean } | undefined {
  const callee = index.resolvedCallee(call) ?? '';
  const args = call.arguments as AstNode[];
  const streamTarget = (node: AstNode | undefined): AstNode | undefined => {
    let s = unwrapAwait(node);
    if (s?.type === 'Identifier') s = unwrapAwait(index.initAt(s.name, s));
    return s?.type === 'CallExpression' && WRITE_STREAM.test(index.resolvedCallee(s) ?? '') ? (s.arguments[0] as AstNode | undefined) : undefined;
  };
  if (PIPELINE.test(callee) && args.length >= 2 && uploaded(args[0], index)) {
    const target = streamTarget(args[args.length - 1]);
    return target ? { target, api: 'pipeline to createWriteStream', folder: false } : undefined;
  }
  if (calleeProperty(call) === 'pipe' && uploaded(calleeObject(call), index)) {
    const target = streamTarget(args[0]);
    return target ? { target, api: 'pipe to createWriteStream', folder: false } : undefined;
  }
  if (WRITE_FILE.test(callee) && args.length >= 2 && uploaded(args[1], index)) return { target: args[0], api: callee.split('.').pop() ?? 'writeFile', folder: false };
  if (calleeProperty(call) === 'saveRequestFiles') {
    const tmp = objectProp(resolveObject(args[0], index), 'tmpdir');
    return tmp ? { target: tmp, api: 'saveRequestFiles', folder: true } : undefined;
  }
  return undefined;
}

function record(setting: string, index: JsIndex, at: AstNode, data: object, n: number): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting, values: { data: JSON.stringify(data) }, evidence: index.evidence(at), key: `${index.file}#${setting}:${n}` };
  return fact;
}

/** The parameter a path expression is (`destPath`) or is joined onto (`path.join(dir, name)`). */
function paramOf(node: AstNode, index: JsIndex): { fn: FunctionLike; i: number; isFile: boolean } | undefined {
  let n = unwrap(node);
  let isFile = true;
  if (n.type === 'CallExpression' && /(^|\.)(join|resolve)$/.test(index.resolvedCallee(n) ?? '')) {
    n = unwrap(n.arguments[0] as AstNode);
    isFile = false;
  }
  if (n.type !== 'Identifier') return undefined;
  const fn = index.enclosingFunction(n);
  const i = fn ? paramNames(fn).indexOf(n.name) : -1;
  return fn && i >= 0 ? { fn, i, isFile } : undefined;
}

export function uploadRecords(index: JsIndex): FactInput[] {
  if (!/createWriteStream|writeFile|outputFile|saveRequestFiles/.test(index.content) && !/\.(file|files|parts)\(|Multipart/.test(index.content)) return [];
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const dest = destination(call, index);
    if (dest) {
      const p = evalPath(dest.target, index);
      if (p && p.path !== CWD) {
        const dir = dest.folder && p.complete ? p.path : folderOf(p);
        out.push(record(UPLOAD_WRITE, index, call, { dir, api: dest.api } satisfies UploadWrite, out.length));
        continue;
      }
      const param = paramOf(dest.target, index);
      const name = param ? index.functionName(param.fn)?.split('.').pop() : undefined;
      if (param && name) out.push(record(UPLOAD_HELPER, index, call, { name, pathArg: param.i, isFile: param.isFile && !dest.folder } satisfies UploadHelper, out.length));
      continue;
    }
    // A call that hands an uploaded file and a readable path to some helper.
    const args = call.arguments as AstNode[];
    const name = calleeProperty(call);
    if (!name || args.length < 2 || !args.some((a) => uploaded(a, index))) continue;
    const paths: UploadCall['args'] = {};
    args.forEach((a, i) => {
      const n = unwrap(a);
      if (n.type === 'Literal' || uploaded(a, index)) return;
      const p = evalPath(a, index);
      if (p && p.path !== CWD) paths[i] = p;
    });
    if (Object.keys(paths).length > 0) out.push(record(UPLOAD_CALL, index, call, { name, args: paths } satisfies UploadCall, out.length));
  }
  return out;
}
