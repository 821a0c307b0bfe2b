// Generated CRUD endpoints: express-restify-mongoose `serve(router, Model, { prefix, version,
// preMiddleware })` and json-server routers. Each generator expands to the routes it creates.
// (finale/epilogue resources are read by the Express route scan, see _lib/routes-crud.ts, because
// their routes take the app's middleware registered before them.)
import type { FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  jsIndex,
  memberPath,
  objectProp,
  resolveObject,
  stringValue,
  type AstNode,
  type CallLike,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { flattenArgs, mwRef } from '../_lib/routes-refs.js';
import { fileNoExt, joinPath, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';

const COLLECTION: [string, string][] = [['GET', 'list'], ['POST', 'create']];
const ITEM: [string, string][] = [['GET', 'read'], ['PUT', 'update'], ['PATCH', 'update'], ['DELETE', 'delete']];

function emit(index: JsIndex, out: FactInput[], framework: string, at: AstNode, base: string, paths: [string, [string, string][]][], mwFor: (action: string) => MwRef[], recv?: RouteMeta['recv']): void {
  for (const [path, actions] of paths) {
    for (const [method, action] of actions) {
      const full = joinPath(base, path);
      const meta: RouteMeta = { mw: mwFor(action), local: full };
      if (recv) meta.recv = recv;
      out.push(routeFact({ framework, method, path: full, evidence: index.evidence(at), meta, extraTags: ['crud-generated'] }));
    }
  }
}

/** express-restify-mongoose serve(router, Model, options): /api/v1/Model and /api/v1/Model/:id. */
function restifyMongoose(index: JsIndex, out: FactInput[]): void {
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    if (!/^express-restify-mongoose(\.serve|\.default\.serve)?$/.test(r) || call.arguments.length < 2) continue;
    const router = memberPath(call.arguments[0] as AstNode)?.join('.');
    const model = memberPath(call.arguments[1] as AstNode)?.pop() ?? 'Model';
    const opts = resolveObject(call.arguments[2] as AstNode, index);
    const prefix = stringValue(objectProp(opts, 'prefix'), index) ?? '/api';
    const version = stringValue(objectProp(opts, 'version'), index) ?? '/v1';
    const name = stringValue(objectProp(opts, 'name'), index) ?? model;
    const pre = objectProp(opts, 'preMiddleware');
    const mw = pre ? flattenArgs([pre]).map((a) => mwRef(a, index)) : [];
    const access = objectProp(opts, 'access');
    if (access) mw.push({ name: 'access', role: 'other' });
    const recv = router ? { id: `${fileNoExt(index.file)}#${router}` } : undefined;
    emit(index, out, 'express-restify-mongoose', call, joinPath(prefix, joinPath(version, name)), [['', COLLECTION.concat([['DELETE', 'delete']])], ['/:id', ITEM]], () => mw, recv);
  }
}

/** json-server: router = jsonServer.router('db.json'); server.use('/api', router). */
function jsonServer(index: JsIndex, out: FactInput[]): void {
  let routerVar: string | undefined;
  let at: CallLike | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    if (/^json-server\.router$/.test(index.resolvedCallee(call) ?? '')) {
      at = call;
      const parent = index.parent(call);
      if (parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') routerVar = parent.id.name;
    }
  }
  if (!at) return;
  const chain: MwRef[] = [];
  let base = '';
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'use') continue;
    const args = call.arguments as AstNode[];
    const path = stringValue(args[0], index);
    const rest = path !== undefined ? args.slice(1) : args;
    if (rest.some((a) => memberPath(a)?.join('.') === routerVar)) {
      base = path ?? '';
      at = call;
      break;
    }
    chain.push(...flattenArgs(rest).map((a) => mwRef(a, index)));
  }
  emit(index, out, 'json-server', at, base, [['/:resource', COLLECTION], ['/:resource/:id', ITEM]], () => chain);
}

export const extractor: Extractor = {
  id: 'js/rest-crud',
  title: 'Generated CRUD REST endpoints (express-restify-mongoose, json-server)',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['express-restify-mongoose', 'json-server'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    restifyMongoose(index, out);
    jsonServer(index, out);
    return out.length > 0 ? out : null;
  },
  link: linkRoutes,
};
