// Where a connection or request goes, without secrets: `env:NAME` for process.env values (also
// inside templates and `||` fallbacks), the host of a literal URL (credentials stripped), a bare
// host literal, or undefined when dynamic.
import { memberPath, objectProp, resolveObject, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

function envName(node: AstNode | undefined): string | undefined {
  const path = memberPath(node);
  if (path && path[0] === 'process' && path[1] === 'env' && path.length === 3) return path[2];
  if (path && path[0] === 'import' && path[1] === 'meta' && path[2] === 'env' && path.length === 4) return path[3];
  return undefined;
}

export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)(?::(\d+))?/i.exec(url.trim());
  if (m) return m[1].toLowerCase();
  const bare = url.trim().replace(/:\d+$/, '');
  if (/^[a-z0-9.-]+\.[a-z]{2,}$|^localhost$|^\d+\.\d+\.\d+\.\d+$/i.test(bare) || (/^[a-z][a-z0-9-]*$/i.test(bare) && /:\d+$/.test(url.trim()))) return bare.toLowerCase();
  return undefined;
}

export function targetOf(node: AstNode | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  const env = envName(n);
  if (env) return `env:${env}`;
  const s = stringValue(n, index);
  if (s !== undefined) return hostOf(s);
  if (n.type === 'LogicalExpression') return targetOf(n.left as AstNode, index, depth + 1) ?? targetOf(n.right, index, depth + 1);
  if (n.type === 'TemplateLiteral') {
    const head = n.quasis[0]?.value.cooked ?? '';
    if (head) {
      const h = hostOf(head);
      if (h) return h;
    }
    if (n.expressions.length > 0 && head === '') return targetOf(n.expressions[0], index, depth + 1);
    return undefined;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') return targetOf(n.left as AstNode, index, depth + 1);
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    return init ? targetOf(init, index, depth + 1) : undefined;
  }
  if (n.type === 'NewExpression' && memberPath(n.callee as AstNode)?.join('.') === 'URL') return targetOf(n.arguments[0] as AstNode, index, depth + 1);
  const field = thisFieldValue(n, index);
  if (field) return targetOf(field, index, depth + 1);
  return undefined;
}

/**
 * `this.apiUrl` in a class that sets it to one value (`apiUrl = 'https://…'`, or `this.apiUrl =
 * 'https://…'` in a method): that value. A service class keeps its base URL in a field.
 */
export function thisFieldValue(node: AstNode, index: JsIndex): AstNode | undefined {
  if (node.type !== 'MemberExpression' || node.computed || node.object.type !== 'ThisExpression' || node.property.type !== 'Identifier') return undefined;
  const name = node.property.name;
  const cls = index.enclosingClass(node);
  if (!cls) return undefined;
  for (const member of cls.body.body) {
    if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name && member.value) return member.value as AstNode;
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    const left = assign.left as AstNode;
    if (assign.operator !== '=' || assign.start < cls.start || assign.end > cls.end) continue;
    if (left.type === 'MemberExpression' && !left.computed && left.object.type === 'ThisExpression' && left.property.type === 'Identifier' && left.property.name === name) return assign.right as AstNode;
  }
  return undefined;
}

/** The `http(s)://` URL a request argument starts with, through constants and class fields, or undefined. */
export function httpUrlHead(node: AstNode | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return /^https?:\/\//i.test(s) ? s : undefined;
  if (n.type === 'TemplateLiteral') {
    const head = n.quasis[0]?.value.cooked ?? '';
    if (head) return /^https?:\/\//i.test(head) ? head : undefined;
    return n.expressions.length > 0 ? httpUrlHead(n.expressions[0], index, depth + 1) : undefined;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') return httpUrlHead(n.left as AstNode, index, depth + 1);
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    return init ? httpUrlHead(init, index, depth + 1) : undefined;
  }
  const field = thisFieldValue(n, index);
  return field ? httpUrlHead(field, index, depth + 1) : undefined;
}

/** Target from an options object: url/uri/connectionString/host/baseURL... */
export function targetFromOptions(opts: AstNode | undefined, index: JsIndex, keys = ['url', 'uri', 'connectionString', 'connection', 'host', 'hostname', 'baseURL', 'baseUrl', 'endpoint', 'node', 'nodes', 'servers', 'brokers', 'filename', 'database']): string | undefined {
  const o = resolveObject(opts, index);
  if (!o) return targetOf(opts, index);
  for (const k of keys) {
    const v = unwrap(objectProp(o, k));
    if (!v) continue;
    if (v.type === 'ArrayExpression') {
      const t = targetOf(v.elements[0] as AstNode, index);
      if (t) return t;
      continue;
    }
    if (v.type === 'ObjectExpression') {
      const inner = targetFromOptions(v, index, keys);
      if (inner) return inner;
      continue;
    }
    const t = k === 'filename' || k === 'database' ? (envName(v) ? `env:${envName(v)}` : stringValue(v, index)) : targetOf(v, index);
    if (t) return t;
  }
  return undefined;
}
