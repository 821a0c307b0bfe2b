// Flask (and Quart) applications: routes from `@app.route`/`@bp.get` decorators, `add_url_rule`,
// class-based views and flask-restful/restx resources; blueprint prefixes (also when registered
// in another file, finished in link); guards by usage; `app.run(debug=True)`.
import type { SgNode } from '@ast-grep/napi';
import type { FactInput } from '../../../model/types.js';
import type { MwRef } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { decoratorRef, judgeFunction } from '../_lib/auth.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyClass, type PyFunction, type PyIndex } from '../_lib/index.js';
import { linkPython } from '../_lib/link.js';
import { prefixFact } from '../_lib/link-records.js';
import { keywordArg, positionalArgs, receiverId, receiversOf, type Receiver } from '../_lib/receivers.js';
import { bodyTags, inlineRefs, needsLink, normalisePath, pyRouteFact, type PyRouteMeta } from '../_lib/routes.js';
import { dotted, pyBool, pyString, pyStringList } from '../_lib/strings.js';

const CTORS = /^(flask\.Flask|flask\.Blueprint|quart\.Quart|quart\.Blueprint|flask_restx\.Namespace|flask_restplus\.Namespace|flask_smorest\.Blueprint|apiflask\.APIFlask|apiflask\.APIBlueprint)$/;
const HANDLER_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

interface FlaskScan {
  index: PyIndex;
  receivers: Map<string, Receiver>;
  /** Guards from `@recv.before_request` functions, by receiver name. */
  before: Map<string, MwRef[]>;
  facts: FactInput[];
}

const OTHER_WEB = ['fastapi', 'sanic', 'bottle', 'starlette', 'aiohttp', 'tornado', 'falcon', 'django', 'litestar', 'cherrypy'];

function isFlaskFile(index: PyIndex): boolean {
  if (index.importsFrom('flask', 'quart', 'flask_restx', 'flask_restplus', 'flask_restful', 'flask_smorest', 'apiflask')) return !index.importsFrom('fastapi');
  return routesOnImportedReceiver(index);
}

/**
 * A view module that imports its blueprint from the package (`from app.api import bp`) and only
 * uses `@bp.route(...)` needs no flask import of its own; other web frameworks rule it out.
 */
function routesOnImportedReceiver(index: PyIndex): boolean {
  if (index.importsFrom(...OTHER_WEB)) return false;
  return index.functions.some((fn) =>
    fn.decorators.some((d) => {
      const recv = /^([A-Za-z_]\w*)\.route$/.exec(d.written)?.[1];
      return recv !== undefined && d.call !== undefined && index.imports.some((i) => i.alias === recv);
    }),
  );
}

function receiverOf(decoratorWritten: string): { recv: string; verb: string } | undefined {
  const m = /^([A-Za-z_]\w*)\.(route|get|post|put|patch|delete)$/.exec(decoratorWritten);
  return m ? { recv: m[1], verb: m[2] } : undefined;
}

function meta(scan: FlaskScan, recvName: string, local: string, refs: MwRef[], handlerName: string, extraTags: string[]): PyRouteMeta {
  const r = scan.receivers.get(recvName);
  const isLocal = r !== undefined;
  const own = r?.prefix;
  return {
    recv: isLocal && /Flask$|Quart$/.test(r.ctor) ? undefined : receiverId(scan.index, recvName, isLocal),
    local: normalisePath(local).path,
    own: own ? normalisePath(own).path : undefined,
    combine: 'override',
    refs: [...(scan.before.get(recvName) ?? []), ...refs],
    handlerName,
    extraTags,
  };
}

function emit(scan: FlaskScan, m: PyRouteMeta, methods: string[], at: SgNode, fn: { line: number; name: string } | undefined): void {
  const framework = scan.index.importsFrom('quart') ? 'quart' : 'flask';
  for (const method of methods) {
    scan.facts.push(
      pyRouteFact(
        { framework, method, meta: m, evidence: scan.index.evidence(at), handler: fn ? { file: scan.index.file, line: fn.line, name: fn.name } : undefined },
        needsLink(m),
      ),
    );
  }
}

function functionRefs(fn: PyFunction, index: PyIndex): MwRef[] {
  return [...fn.decorators.map((d) => decoratorRef(d, index)).filter((r): r is MwRef => r !== undefined), ...inlineRefs(fn.node.text())];
}

/** Methods a class-based view or resource answers, with the guards of each. */
function classMethods(cls: PyClass, index: PyIndex): { method: string; fn: PyFunction; refs: MwRef[] }[] {
  const classLevel: MwRef[] = [];
  for (const field of ['decorators', 'method_decorators']) {
    const list = cls.fields.get(field);
    for (const item of list?.namedChildren() ?? []) {
      const written = dotted(item.kind() === 'call' ? item.field('function') : item) ?? '';
      const ref = decoratorRef({ node: item, name: index.resolve(written), written, args: item.kind() === 'call' ? positionalArgs(item) : [], line: 0 }, index);
      if (ref) classLevel.push(ref);
    }
  }
  return cls.methods
    .filter((m) => HANDLER_METHODS.includes(m.name))
    .map((m) => ({ method: m.name.toUpperCase(), fn: m, refs: [...classLevel, ...functionRefs(m, index)] }));
}

function routeDecorators(scan: FlaskScan): void {
  const { index } = scan;
  for (const fn of index.functions) {
    for (const dec of fn.decorators) {
      const target = receiverOf(dec.written);
      if (!target || !dec.call) continue;
      const path = pyString(positionalArgs(dec.call)[0] ?? keywordArg(dec.call, 'rule'));
      if (path === undefined) continue;
      const methods = target.verb === 'route' ? (pyStringList(keywordArg(dec.call, 'methods'))?.map((m) => m.toUpperCase()) ?? ['GET']) : [target.verb.toUpperCase()];
      const m = meta(scan, target.recv, path, functionRefs(fn, index), fn.name, bodyTags(fn.node.text()));
      emit(scan, m, methods, dec.node, fn);
    }
  }
  // flask-restx / flask-smorest: `@ns.route('/x')` on a Resource / MethodView class.
  for (const cls of index.classes) {
    for (const dec of cls.decorators) {
      const target = receiverOf(dec.written);
      if (!target || target.verb !== 'route' || !dec.call) continue;
      const path = pyString(positionalArgs(dec.call)[0]);
      if (path === undefined) continue;
      for (const { method, fn, refs } of classMethods(cls, index)) emit(scan, meta(scan, target.recv, path, refs, `${cls.name}.${fn.name}`, bodyTags(fn.node.text())), [method], dec.node, fn);
    }
  }
}

/** `app.add_url_rule('/x', view_func=f)`, `api.add_resource(Res, '/a', '/b')`, `register_blueprint`, `before_request(f)`. */
function calls(scan: FlaskScan): void {
  const { index } = scan;
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', kind: 'attribute', regex: '\\.(add_url_rule|add_resource|register_blueprint|run|register_api)$' } } })) {
    const fnText = dotted(call.field('function')) ?? '';
    const [recvName, member] = [fnText.slice(0, fnText.lastIndexOf('.')), fnText.slice(fnText.lastIndexOf('.') + 1)];
    const args = positionalArgs(call);
    if (member === 'register_blueprint') {
      const target = args[0] ? (dotted(args[0]) ?? '') : '';
      if (!target || target.includes('.')) continue;
      const prefix = pyString(keywordArg(call, 'url_prefix'));
      const parent = scan.receivers.get(recvName);
      scan.facts.push(prefixFact(index, call, { target: receiverId(index, target, scan.receivers.has(target)), parent: parent && !/Flask$|Quart$/.test(parent.ctor) ? receiverId(index, recvName, true) : undefined, prefix: prefix ?? null, combine: 'override' }));
    } else if (member === 'add_url_rule') {
      const path = pyString(args[0] ?? keywordArg(call, 'rule'));
      const view = keywordArg(call, 'view_func') ?? args[2];
      if (path === undefined || !view) continue;
      const methods = pyStringList(keywordArg(call, 'methods'))?.map((m) => m.toUpperCase());
      if (view.kind() === 'call' && /\.as_view$/.test(view.field('function')?.text() ?? '')) {
        const cls = index.classes.find((c) => c.name === view.field('function')?.text().split('.')[0]);
        if (!cls) continue;
        for (const { method, fn, refs } of classMethods(cls, index)) emit(scan, meta(scan, recvName, path, refs, `${cls.name}.${fn.name}`, bodyTags(fn.node.text())), [method], call, fn);
        continue;
      }
      const fn = index.functions.find((f) => f.name === view.text() && !f.className);
      const m = meta(scan, recvName, path, fn ? functionRefs(fn, index) : [], fn?.name ?? view.text(), fn ? bodyTags(fn.node.text()) : []);
      emit(scan, m, methods ?? ['GET'], call, fn);
    } else if (member === 'add_resource') {
      const cls = index.classes.find((c) => c.name === args[0]?.text());
      const paths = args.slice(1).map((a) => pyString(a)).filter((p): p is string => p !== undefined);
      if (!cls) continue;
      for (const path of paths) for (const { method, fn, refs } of classMethods(cls, index)) emit(scan, meta(scan, recvName, path, refs, `${cls.name}.${fn.name}`, bodyTags(fn.node.text())), [method], call, fn);
    } else if (member === 'run' && scan.receivers.has(recvName)) {
      const debug = pyBool(keywordArg(call, 'debug'));
      if (debug === true) scan.facts.push(debugFact(index, call, 'app.run(debug=True)'));
    }
  }
}

function debugFact(index: PyIndex, at: SgNode, summary: string): FactInput {
  return {
    kind: 'config',
    setting: 'debug',
    values: { framework: 'flask', enabled: true, source: summary, mainGuard: /__name__\s*==/.test(enclosingIfText(at)) },
    summary,
    evidence: index.evidence(at),
    key: `${index.file}#config:debug:flask`,
  };
}

function enclosingIfText(node: SgNode): string {
  for (const a of node.ancestors()) if (a.kind() === 'if_statement') return a.field('condition')?.text() ?? '';
  return '';
}

/** `app.debug = True`, `app.config['DEBUG'] = True`, `app.config.update(DEBUG=True)`. */
function debugAssignments(scan: FlaskScan): void {
  for (const a of scan.index.root.findAll({ rule: { kind: 'assignment', has: { field: 'right', kind: 'true' } } })) {
    const left = a.field('left')?.text().replace(/\s+/g, '') ?? '';
    const m = /^([A-Za-z_]\w*)\.(?:debug|config\[['"]DEBUG['"]\])$/.exec(left);
    if (m && scan.receivers.has(m[1])) scan.facts.push(debugFact(scan.index, a, `${left} = True`));
  }
}

/** `@app.before_request` guards apply to every route of that receiver in this file. */
function beforeRequest(scan: FlaskScan): void {
  for (const fn of scan.index.functions) {
    for (const dec of fn.decorators) {
      const m = /^([A-Za-z_]\w*)\.before_(?:app_)?request$/.exec(dec.written);
      if (!m) continue;
      const level = judgeFunction(fn);
      if (!level) continue;
      const list = scan.before.get(m[1]) ?? [];
      list.push({ name: fn.name, role: level === 'admin' ? 'auth-admin' : 'auth-user', why: `${m[1]}.before_request ${fn.name}` });
      scan.before.set(m[1], list);
    }
  }
}

export const extractor: Extractor = {
  id: 'python/flask',
  title: 'Flask and Quart: routes, blueprints, class-based views, resources, guards, debug mode',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['flask', 'quart', 'Flask', 'Blueprint', 'flask_restx', 'flask_restful', '.route('],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    if (!isFlaskFile(index)) return null;
    const scan: FlaskScan = { index, receivers: receiversOf(index, CTORS), before: new Map(), facts: [] };
    beforeRequest(scan);
    routeDecorators(scan);
    calls(scan);
    debugAssignments(scan);
    return scan.facts.length > 0 ? scan.facts : null;
  },
  link: linkPython,
};
