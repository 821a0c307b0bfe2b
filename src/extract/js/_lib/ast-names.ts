// Names and exports of one indexed file: import-resolved callee names (`jsonwebtoken.verify`),
// line-free function names, the file's exported values and the functions they stand for. Used by
// the index while it is built (ast-index.ts) and re-exported through ast.ts.
import type { Class } from 'oxc-parser';
import type { JsIndex } from './ast-index.js';
import { type AstNode, type FunctionLike, WRAPPERS, unwrap, isFunctionLike, memberPath, calleeName, stringValue, propertyKey, propertyValue, requireModule } from './ast.js';

export function resolveName(node: AstNode | null | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  // require('m').x / require('m')
  if (n.type === 'MemberExpression' || n.type === 'CallExpression') {
    let base: AstNode = n;
    const props: string[] = [];
    while (base.type === 'MemberExpression' && !base.computed && base.property.type === 'Identifier') {
      props.unshift(base.property.name);
      base = unwrap(base.object);
    }
    const m = requireModule(base);
    if (m !== undefined) return [m, ...props].join('.');
  }
  const path = memberPath(n);
  if (!path) return undefined;
  const binding = index.bindings.get(path[0]);
  if (!binding) return path.join('.');
  const head = binding.imported === 'default' || binding.imported === '*' ? [binding.module] : [binding.module, binding.imported];
  return [...head, ...path.slice(1)].join('.');
}

function className(cls: Class | undefined): string | undefined {
  return cls?.id?.name;
}

export function functionName(fn: FunctionLike, index: JsIndex): string | undefined {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) {
    const cls = index.enclosingClass(fn);
    const parent = index.parent(fn);
    if (parent && parent.type === 'MethodDefinition') return undefined; // handled below
    if (fn.type === 'FunctionDeclaration' || !cls) return fn.id.name;
  }
  let child: AstNode = fn;
  let parent = index.parent(fn);
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = index.parent(parent);
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'Property':
      return propertyKey(parent);
    case 'MethodDefinition':
    case 'PropertyDefinition': {
      const key = propertyKey(parent);
      const cls = className(index.enclosingClass(parent));
      return key ? (cls ? `${cls}.${key}` : key) : undefined;
    }
    case 'AssignmentExpression': {
      const path = memberPath(parent.left as AstNode);
      if (!path) return undefined;
      if (path.join('.') === 'module.exports') return 'module.exports';
      return path[path.length - 1];
    }
    case 'ExportDefaultDeclaration':
      return 'default';
    case 'CallExpression':
    case 'NewExpression': {
      if (parent.callee === child) return undefined;
      const name = calleeName(parent);
      if (!name) return undefined;
      const first = parent.arguments[0] as AstNode | undefined;
      const label = first && first !== child ? stringValue(first) : undefined;
      return label !== undefined ? `${name}('${label}')` : name;
    }
    default:
      return undefined;
  }
}

/**
 * Exports of a file by name: ES `export` forms and CommonJS `module.exports = …`,
 * `module.exports.a = …`, `exports.a = …`. `module.exports = { a, b: c }` also exports `a` and `b`;
 * `module.exports = new C()` exports the methods of a local class `C`. The value is the exported
 * node (a function, class, identifier or object).
 */
export function collectExports(index: JsIndex): void {
  const out = index.exports;
  const set = (name: string, value: AstNode) => {
    if (!out.has(name)) out.set(name, value);
  };
  const spreadObject = (value: AstNode) => {
    let v = unwrap(value);
    if (v.type === 'Identifier') {
      const init = index.constInit(v.name);
      if (init) v = unwrap(init);
    }
    if (v.type === 'ObjectExpression') {
      for (const p of v.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKey(p);
        if (key) set(key, propertyValue(p));
      }
    } else if (v.type === 'NewExpression') {
      const callee = unwrap(v.callee);
      const cls = callee.type === 'Identifier' ? index.classByName(callee.name) : undefined;
      if (cls) for (const m of cls.body.body) if (m.type === 'MethodDefinition') {
        const key = propertyKey(m);
        if (key && key !== 'constructor') set(key, m.value as AstNode);
      }
    }
  };
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type === 'ExportDefaultDeclaration') {
      set('default', s.declaration as AstNode);
      spreadObject(s.declaration as AstNode);
    } else if (s.type === 'ExportNamedDeclaration') {
      const d = s.declaration;
      if (d && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) set(d.id.name, d);
      else if (d && d.type === 'VariableDeclaration') {
        for (const decl of d.declarations) if (decl.id.type === 'Identifier' && decl.init) set(decl.id.name, decl.init as AstNode);
      }
      if (!s.source) {
        for (const spec of s.specifiers) {
          const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          set(exported, spec.local as AstNode);
          if (local !== exported && exported === 'default') spreadObject(spec.local as AstNode);
        }
      }
    }
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    if (assign.operator !== '=') continue;
    const path = memberPath(assign.left as AstNode)?.join('.');
    if (!path) continue;
    if (path === 'module.exports') {
      set('default', assign.right);
      spreadObject(assign.right);
    } else if (path.startsWith('module.exports.') || path.startsWith('exports.')) {
      const name = path.split('.').slice(path.startsWith('exports.') ? 1 : 2).join('.');
      if (name && !name.includes('.')) set(name, assign.right);
    } else {
      // `const helpers = module.exports; helpers.x = ...`: members of an alias of module.exports.
      const parts = path.split('.');
      if (parts.length === 2 && memberPath(unwrap(index.constInit(parts[0])))?.join('.') === 'module.exports') set(parts[1], assign.right);
    }
  }
  // `Object.assign(module.exports, { admin: require('./admin') })`, also through an alias of it.
  if (index.content.includes('Object.assign(')) {
    for (const call of index.nodesOf('CallExpression')) {
      if (memberPath(call.callee as AstNode)?.join('.') !== 'Object.assign' || call.arguments.length < 2) continue;
      const target = unwrap(call.arguments[0] as AstNode);
      const path = memberPath(target)?.join('.');
      const alias = target.type === 'Identifier' ? memberPath(unwrap(index.constInit(target.name)))?.join('.') : undefined;
      if (path !== 'module.exports' && alias !== 'module.exports') continue;
      for (const a of call.arguments.slice(1)) if (unwrap(a as AstNode).type === 'ObjectExpression') spreadObject(a as AstNode);
    }
  }
  // Constructor functions (`function Dao(db) { this.find = (id) => ... }`): what `new Dao()` gives
  // callers is reached as `<export>.find`, and as plain `find` when the constructor is the default.
  for (const [name, value] of [...out]) {
    const fn = functionOf(value, index);
    if (!fn) continue;
    for (const [member, method] of constructorMembers(fn, index)) {
      set(`${name}.${member}`, method);
      if (name === 'default') set(member, method);
    }
  }
}

/**
 * Methods a constructor function assigns to `this` at the top level of its body
 * (`this.find = function (id) {...}`, `this.list = list`), by member name.
 */
export function constructorMembers(fn: FunctionLike, index: JsIndex): Map<string, FunctionLike> {
  const out = new Map<string, FunctionLike>();
  if (fn.type === 'ArrowFunctionExpression' || !fn.body || fn.body.type !== 'BlockStatement') return out;
  for (const stmt of fn.body.body) {
    if (stmt.type !== 'ExpressionStatement') continue;
    const e = unwrap(stmt.expression as AstNode);
    if (e.type !== 'AssignmentExpression' || e.operator !== '=') continue;
    const path = memberPath(e.left as AstNode);
    if (!path || path.length !== 2 || path[0] !== 'this') continue;
    const method = functionOf(e.right, index);
    if (method) out.set(path[1], method);
  }
  return out;
}

/** The function an exported or referenced value stands for in this file, following one identifier. */
export function functionOf(value: AstNode | null | undefined, index: JsIndex): FunctionLike | undefined {
  const v = unwrap(value);
  if (!v) return undefined;
  if (isFunctionLike(v)) return v;
  if (v.type === 'Identifier') return index.functionByName(v.name);
  return undefined;
}

/** Each exported function of the file with the names it is exported under (one function may have several). */
export function exportNamesByFunction(index: JsIndex): Map<FunctionLike, string[]> {
  const out = new Map<FunctionLike, string[]>();
  for (const [name, value] of index.exports) {
    const fn = functionOf(value, index);
    if (fn) out.set(fn, [...(out.get(fn) ?? []), name]);
  }
  return out;
}

/**
 * The class a constructor parameter property is typed as, seen from code of that class
 * (`constructor(private gateway: CollaborationGateway)` for `this.gateway`): how injected services
 * (NestJS, Angular-style DI) are named.
 */
export function injectedClass(at: AstNode, field: string, index: JsIndex): string | undefined {
  const cls = index.enclosingClass(at);
  for (const m of cls?.body.body ?? []) {
    if (m.type !== 'MethodDefinition' || m.kind !== 'constructor') continue;
    for (const raw of m.value.params as AstNode[]) {
      if (raw.type !== 'TSParameterProperty') continue;
      const p = raw.parameter as AstNode;
      if (p.type !== 'Identifier' || p.name !== field) continue;
      const type = (p as { typeAnnotation?: { typeAnnotation?: AstNode } }).typeAnnotation?.typeAnnotation;
      return type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
    }
  }
  return undefined;
}
