// Calls from browser code to HTTP APIs: fetch, axios (and axios.create instances), Angular
// HttpClient, AngularJS $http, jQuery ajax, ky, superagent. Targets are API paths
// (`/api/users/{id}`, base URL variables dropped) or the host of an absolute URL.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, memberPath, nodesUnder, objectProp, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'jsonp']);
const ASSET = /\.(png|jpe?g|gif|svg|ico|css|woff2?|ttf|eot|map|html?|mp4|webm|mp3|txt)(\?|$)|^\/(assets|static|images|img|fonts|icons)\//i;

/** Renders a URL expression: literal text, `{name}` for dynamic parts; a leading base variable is dropped. */
export function renderUrl(node: AstNode | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  // `this.host + '/' + id` where the class has `private host = environment.hostServer + '/api/Users'`.
  const path = memberPath(n);
  if (path && path.length === 2 && path[0] === 'this') {
    const field = classField(n, path[1], index);
    if (field) return renderUrl(field, index, depth + 1) ?? `{${path[1]}}`;
  }
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  if (n.type === 'TemplateLiteral') {
    let out = '';
    n.quasis.forEach((q, i) => {
      out += q.value.cooked ?? q.value.raw;
      if (i < n.expressions.length) out += renderUrl(n.expressions[i], index, depth + 1) ?? `{${short(index.text(n.expressions[i]))}}`;
    });
    return out;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const l = renderUrl(n.left as AstNode, index, depth + 1) ?? `{${short(index.text(n.left as AstNode))}}`;
    const r = renderUrl(n.right, index, depth + 1) ?? `{${short(index.text(n.right))}}`;
    return l + r;
  }
  return undefined;
}

/** Initialiser of a class field (`host = ...`) or of `this.host = ...` in the constructor. */
function classField(at: AstNode, name: string, index: JsIndex): AstNode | undefined {
  const cls = index.enclosingClass(at);
  if (!cls) return undefined;
  for (const m of cls.body.body) {
    if (m.type === 'PropertyDefinition' && m.key.type === 'Identifier' && m.key.name === name && m.value) return m.value as AstNode;
    if (m.type === 'MethodDefinition' && m.kind === 'constructor') {
      for (const a of nodesUnder(m.value as AstNode, 'AssignmentExpression')) {
        const p = memberPath(a.left as AstNode);
        if (p && p.length === 2 && p[0] === 'this' && p[1] === name) return a.right;
      }
    }
  }
  return undefined;
}

function short(text: string): string {
  const last = text.split('.').pop() ?? text;
  return last.replace(/[^\w$]/g, '').slice(0, 24) || 'x';
}

/** API path or host of a rendered URL; undefined when it is not an API call target. */
export function apiTarget(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const abs = /^https?:\/\/([^/?#{]+)/i.exec(url);
  if (abs) return abs[1].replace(/^[^@]*@/, '').toLowerCase();
  let path = url.replace(/^\{[^}]*\}/, '');
  path = path.split('?')[0];
  if (!path.startsWith('/') || path.startsWith('//') || ASSET.test(path)) return undefined;
  return path;
}

function fact(index: JsIndex, call: CallLike, library: string, method: string, target: string, url: string): FactInput {
  return {
    kind: 'outbound-call',
    // A relative path goes to the page's own origin, whose scheme the code does not say.
    protocol: /^https:\/\//i.test(url) ? 'https' : 'http',
    library,
    target,
    tainted: false,
    evidence: index.evidence(call),
    key: `${index.file}#outbound-call:${method.toUpperCase()} ${target}`,
  };
}

export function apiCallFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const instances = new Map<string, string>();
  for (const d of index.nodesOf('VariableDeclarator')) {
    const init = unwrap(d.init as AstNode | null);
    if (init && init.type === 'CallExpression' && (index.resolvedCallee(init) ?? '') === 'axios.create' && d.id.type === 'Identifier') {
      instances.set(d.id.name, renderUrl(objectProp(resolveObject(init.arguments[0] as AstNode, index), 'baseURL'), index) ?? '');
    }
  }
  for (const call of index.nodesOf('CallExpression')) {
    const name = calleeName(call) ?? '';
    const r = index.resolvedCallee(call) ?? name;
    const prop = calleeProperty(call) ?? '';
    const first = call.arguments[0] as AstNode | undefined;
    let library: string | undefined;
    let method = prop;
    let url: string | undefined;
    if (name === 'fetch' || name === 'window.fetch' || r === 'node-fetch' || r === 'ky' || /^ky\.(get|post|put|patch|delete)$/.test(r)) {
      library = r.startsWith('ky') ? 'ky' : 'fetch';
      url = renderUrl(first, index);
      method = stringValue(objectProp(resolveObject(call.arguments[1] as AstNode, index), 'method'), index) ?? (prop === 'fetch' || prop === 'ky' ? 'GET' : prop);
    } else if (/^axios\.(get|post|put|patch|delete|head|options|request)$/.test(r) || r === 'axios') {
      library = 'axios';
      const cfg = resolveObject(first, index);
      url = cfg ? renderUrl(objectProp(cfg, 'url'), index) : renderUrl(first, index);
      method = cfg ? (stringValue(objectProp(cfg, 'method'), index) ?? 'GET') : prop === 'axios' ? 'GET' : prop;
    } else {
      const path = memberPath(call.callee as AstNode);
      if (!path || !VERBS.has(prop)) continue;
      const obj = path.slice(0, -1).join('.');
      if (instances.has(obj)) {
        library = 'axios';
        const base = instances.get(obj) ?? '';
        const rel = renderUrl(first, index);
        url = rel !== undefined && /^https?:/.test(base) && !/^https?:/.test(rel) ? base : rel;
      } else if (/^this\.(http|httpClient|_http)$/.test(obj) || obj === '$http') {
        library = obj === '$http' ? '$http' : 'HttpClient';
        url = renderUrl(first, index);
      } else if (obj === '$' || obj === 'jQuery') {
        library = 'jquery';
        const cfg = resolveObject(first, index);
        url = cfg ? renderUrl(objectProp(cfg, 'url'), index) : renderUrl(first, index);
      } else if (/^(superagent|request)$/.test(r.split('.')[0]) && index.imports('superagent')) {
        library = 'superagent';
        url = renderUrl(first, index);
      } else continue;
    }
    const target = apiTarget(url);
    if (library && target && url !== undefined) out.push(fact(index, call, library, method, target, url));
  }
  return out;
}
