// FastAPI: routes from `@app.get`/`@router.post`/`api_route`/`websocket` decorators, APIRouter
// prefixes and dependencies, `include_router` (also across files, finished in link), and auth by
// dependencies: `Depends(get_current_user)` counts when the dependency rejects (raises 401/403,
// or depends on a security scheme that does), judged by its body, not its name.
import type { SgNode } from '@ast-grep/napi';
import type { FactInput } from '../../../model/types.js';
import type { MwRef } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { absoluteModule, decoratorRef, dependencyTarget, guardRef, importedRef, judgeFunction, schemeVars, splitQualified } from '../_lib/auth.js';
import { isPythonFile, isPythonTestFile, moduleOf, pyIndex, type PyFunction, type PyIndex } from '../_lib/index.js';
import { linkPython } from '../_lib/link.js';
import { prefixFact } from '../_lib/link-records.js';
import { keywordArg, positionalArgs, receiverId, receiversOf, type Receiver } from '../_lib/receivers.js';
import { bodyTags, inlineRefs, needsLink, normalisePath, pyRouteFact, type PyRouteMeta } from '../_lib/routes.js';
import { dotted, pyString, pyStringList } from '../_lib/strings.js';

const CTORS = /^(fastapi\.FastAPI|fastapi\.APIRouter|fastapi\.routing\.APIRouter)$/;
const VERB = /^([A-Za-z_]\w*)\.(get|post|put|patch|delete|options|head|api_route|websocket)$/;

/** The guard a dependency gives, or an unresolved reference for link. */
export function dependencyRef(dep: string, index: PyIndex, schemes: Set<string>): MwRef | undefined {
  if (schemes.has(dep)) return guardRef(dep, 'user', `${dep} (security scheme)`, 'jwt');
  if (!dep.includes('.')) {
    const local = index.functions.find((f) => f.name === dep && !f.className);
    if (local) {
      const level = judgeFunction(local, index);
      return level ? guardRef(`Depends(${dep})`, level, `Depends(${dep}) rejects unauthenticated requests`, 'jwt') : undefined;
    }
  }
  const imported = importedRef(index, dep);
  return imported ? { name: `Depends(${dep})`, module: imported.module, export: imported.export, from: index.file } : undefined;
}

/** `dependencies=[Depends(a), Security(b)]` on an app, router, route or include. */
function dependencyList(node: SgNode | undefined, index: PyIndex, schemes: Set<string>): MwRef[] {
  const out: MwRef[] = [];
  for (const item of node?.namedChildren() ?? []) {
    const dep = dependencyTarget(item, index);
    const ref = dep ? dependencyRef(dep, index, schemes) : undefined;
    if (ref) out.push(ref);
  }
  return out;
}

/** Receiver id for `router`, `items.router` or `api.v1.router` as written in this file. */
function receiverIdOf(index: PyIndex, written: string, local: Map<string, Receiver>): string {
  if (!written.includes('.')) return receiverId(index, written, local.has(written));
  const split = splitQualified(index.resolve(written));
  return split ? `${absoluteModule(split.module, index.file)}:${split.name}` : `${moduleOf(index.file)}:${written}`;
}

interface Param {
  sources: Record<string, string>;
  refs: MwRef[];
  requestVars: string[];
  tags: string[];
}

const NOT_DATA = /^(Request|WebSocket|BackgroundTasks|Response|Session|AsyncSession|HTTPConnection|SecurityScopes|HTTPAuthorizationCredentials|OAuth2PasswordRequestForm)\b|^(int|float|bool|UUID|uuid\.UUID|datetime|date|Decimal|PositiveInt|conint)\b|Optional\[(int|float|bool|UUID)\]|(int|float|bool) \| None/;

/** What each handler parameter is: a dependency (guard or not), the request, or request data. */
export function handlerParams(fn: PyFunction, index: PyIndex, schemes: Set<string>, pathParams: string[]): Param {
  const out: Param = { sources: {}, refs: [], requestVars: [], tags: [] };
  for (const p of fn.params) {
    const dep = dependencyTarget(p.default, index) ?? /(?:Depends|Security)\(\s*([A-Za-z_][\w.]*)/.exec(p.annotation ?? '')?.[1];
    const annotation = (p.annotation ?? '').replace(/^Annotated\[\s*/, '');
    if (/OAuth2PasswordRequestForm/.test(annotation)) out.tags.push('login');
    if (/UploadFile|File\(/.test(`${annotation} ${p.default?.text() ?? ''}`)) out.tags.push('upload');
    if (dep) {
      const ref = dependencyRef(dep, index, schemes);
      if (ref) out.refs.push(ref);
      continue;
    }
    if (/^(Depends|Security)\(\)$/.test(p.default?.text() ?? '')) continue;
    if (/^(Request|WebSocket|starlette\.requests\.Request|fastapi\.Request)\b/.test(annotation)) {
      out.requestVars.push(p.name);
      continue;
    }
    if (p.splat || p.name === 'self' || NOT_DATA.test(annotation)) continue;
    const where = pathParams.includes(p.name) ? 'path parameter' : /Body|Form/.test(p.default?.text() ?? '') || /^[A-Z]/.test(annotation) ? 'request body' : /Header/.test(p.default?.text() ?? '') ? 'header' : /Cookie/.test(p.default?.text() ?? '') ? 'cookie' : 'query parameter';
    out.sources[p.name] = `${where} ${p.name}`;
  }
  return out;
}

export function isFastApiFile(index: PyIndex): boolean {
  return index.importsFrom('fastapi');
}

export const extractor: Extractor = {
  id: 'python/fastapi',
  title: 'FastAPI: routes, routers and prefixes, websocket routes, dependencies as guards',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['fastapi'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    if (!isFastApiFile(index)) return null;
    const receivers = receiversOf(index, CTORS);
    const schemes = schemeVars(index);
    const facts: FactInput[] = [];
    const receiverRefs = new Map<string, MwRef[]>();
    for (const r of receivers.values()) receiverRefs.set(r.name, dependencyList(keywordArg(r.call, 'dependencies'), index, schemes));
    for (const fn of index.functions) {
      for (const dec of fn.decorators) {
        const m = VERB.exec(dec.written);
        if (!m || !dec.call) continue;
        const raw = pyString(positionalArgs(dec.call)[0] ?? keywordArg(dec.call, 'path'));
        if (raw === undefined) continue;
        const { path, params } = normalisePath(raw);
        const local = receivers.get(m[1]);
        if (!local && !index.imports.some((i) => i.alias === m[1])) continue;
        const verb = m[2];
        const methods = verb === 'api_route' ? (pyStringList(keywordArg(dec.call, 'methods'))?.map((x) => x.toUpperCase()) ?? ['GET']) : verb === 'websocket' ? ['GET'] : [verb.toUpperCase()];
        const handler = handlerParams(fn, index, schemes, Object.keys(params));
        const refs = [
          ...(receiverRefs.get(m[1]) ?? []),
          ...dependencyList(keywordArg(dec.call, 'dependencies'), index, schemes),
          ...handler.refs,
          ...fn.decorators.filter((d) => d !== dec).map((d) => decoratorRef(d, index)).filter((r): r is MwRef => r !== undefined),
          ...inlineRefs(fn.node.text()),
        ];
        const isApp = local !== undefined && /FastAPI$/.test(local.ctor);
        const meta: PyRouteMeta = {
          recv: isApp ? undefined : receiverIdOf(index, m[1], receivers),
          local: path,
          own: local?.prefix ? normalisePath(local.prefix).path : undefined,
          combine: 'concat',
          refs,
          handlerName: fn.name,
          extraTags: [...new Set([...handler.tags, ...bodyTags(fn.node.text())])],
        };
        for (const method of methods) {
          facts.push(
            pyRouteFact(
              { framework: 'fastapi', protocol: verb === 'websocket' ? 'websocket' : 'http', method, meta, evidence: index.evidence(dec.node), handler: { file: index.file, line: fn.line, name: fn.name } },
              needsLink(meta),
            ),
          );
        }
      }
    }
    for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '\\.include_router$' } } })) {
      const recv = call.field('function')?.field('object')?.text() ?? '';
      const target = dotted(positionalArgs(call)[0]);
      if (!target) continue;
      const parent = receivers.get(recv);
      facts.push(
        prefixFact(index, call, {
          target: receiverIdOf(index, target, receivers),
          parent: parent && !/FastAPI$/.test(parent.ctor) ? receiverId(index, recv, true) : undefined,
          prefix: pyString(keywordArg(call, 'prefix')) ?? null,
          combine: 'concat',
          refs: [...(parent && /FastAPI$/.test(parent.ctor) ? (receiverRefs.get(recv) ?? []) : []), ...dependencyList(keywordArg(call, 'dependencies'), index, schemes)],
        }),
      );
    }
    return facts.length > 0 ? facts : null;
  },
  link: linkPython,
};
