// Classes seen by the taint interpreter: their methods (analysed like functions), fields whose
// types are known (constructor-injected services, repositories), Nest route decorators, and the
// methods constructor functions assign to `this`.
import type { Class, Expression, TSTypeAnnotation } from 'oxc-parser';
import { isFn, keyName, propName, unwrap } from './taint-ast.js';
import { nestController, nestMode } from './taint-frameworks.js';
import { servedMethod, serviceMethods } from './taint-feathers.js';
import { instanceOf } from './taint-modules.js';
import type { Mode } from './taint-output.js';
import type { Scope } from './taint-scope.js';
import type { AV, ClassRef, FnNode, FnRef } from './taint-types.js';

interface ClassInfo {
  ref: ClassRef;
  fields: Map<string, AV | undefined>;
  methods: Map<string, FnRef>;
}

/** What the table needs from the interpreter. */
export interface ClassHost {
  makeFn(node: FnNode, scope: Scope, name: string, cls?: ClassRef): FnRef;
  ev(node: Expression, scope: Scope): AV | undefined;
  readonly presetModes: Map<FnNode, Mode>;
  /** The module belongs to a Feathers application: service classes' methods receive client data. */
  readonly feathersModule?: boolean;
}

/** What `methods` and `ctorMethods` give for a class or function without any: one shared empty map. */
const NO_METHODS: ReadonlyMap<string, FnRef> = new Map();

export class ClassTable {
  private readonly classes = new Map<Class, ClassInfo>();
  private readonly ctor = new Map<FnNode, Map<string, FnRef>>();

  constructor(private readonly host: ClassHost) {}

  define(node: Class, scope: Scope, name: string): ClassRef {
    const ref: ClassRef = { node, name, scope };
    const info: ClassInfo = { ref, fields: new Map(), methods: new Map() };
    this.classes.set(node, info);
    const prefix = nestController(node);
    for (const el of node.body.body) {
      if (el.type === 'MethodDefinition' || el.type === 'TSAbstractMethodDefinition') {
        const key = keyName(el.key, el.computed);
        if (!key || !el.value.body) continue;
        const fn = this.host.makeFn(el.value, scope, `${name}.${key}`, ref);
        info.methods.set(key, fn);
        if (el.kind === 'constructor') this.constructorFields(el.value, info, scope);
        const mode = nestMode(el.decorators, prefix, el.value);
        if (mode) this.host.presetModes.set(el.value, mode);
      } else if (el.type === 'PropertyDefinition') {
        const key = keyName(el.key, el.computed);
        if (!key) continue;
        if (el.value && isFn(unwrap(el.value))) {
          const fnNode = unwrap(el.value) as FnNode;
          info.methods.set(key, this.host.makeFn(fnNode, scope, `${name}.${key}`, ref));
        } else if (el.value) {
          info.fields.set(key, this.host.ev(el.value, scope));
        } else if (el.typeAnnotation) {
          info.fields.set(key, this.typeValue(el.typeAnnotation, scope));
        }
      }
    }
    if (this.host.feathersModule && prefix === undefined) this.feathersService(node);
    return ref;
  }

  /** A Feathers service class (`find`, `get`, `create`...): each served method is an entry point. */
  private feathersService(node: Class): void {
    const methods = node.body.body.filter((el) => el.type === 'MethodDefinition' && el.kind === 'method' && !el.static && el.value.body);
    const keys = methods.map((el) => (el.type === 'MethodDefinition' ? keyName(el.key, el.computed) : undefined) ?? '');
    if (!serviceMethods(keys)) return;
    methods.forEach((el, i) => {
      if (el.type !== 'MethodDefinition' || !servedMethod(keys[i]) || this.host.presetModes.has(el.value)) return;
      this.host.presetModes.set(el.value, { kind: 'feathers', method: keys[i] });
    });
  }

  /** Constructor-injected services (`constructor(private svc: UsersService)`, `this.svc = svc`). */
  private constructorFields(fn: FnNode, info: ClassInfo, scope: Scope): void {
    const typed = new Map<string, AV | undefined>();
    for (const p of fn.params) {
      const param = p.type === 'TSParameterProperty' ? p.parameter : p;
      if (param.type !== 'Identifier' || !param.typeAnnotation) continue;
      const v = this.typeValue(param.typeAnnotation, scope);
      typed.set(param.name, v);
      if (p.type === 'TSParameterProperty') info.fields.set(param.name, v);
    }
    const body = fn.body?.type === 'BlockStatement' ? fn.body.body : [];
    for (const s of body) {
      if (s.type !== 'ExpressionStatement') continue;
      const e = unwrap(s.expression);
      if (e.type !== 'AssignmentExpression' || e.left.type !== 'MemberExpression') continue;
      const obj = unwrap(e.left.object);
      const key = propName(e.left);
      const right = unwrap(e.right);
      if (obj.type === 'ThisExpression' && key && right.type === 'Identifier' && typed.has(right.name)) info.fields.set(key, typed.get(right.name));
    }
  }

  private typeValue(ann: TSTypeAnnotation, scope: Scope): AV | undefined {
    const t = ann.typeAnnotation;
    if (t.type !== 'TSTypeReference' || t.typeName.type !== 'Identifier') return undefined;
    const v = scope.lookup(t.typeName.name);
    if (v?.mod) return { mod: instanceOf(v.mod, true) };
    if (v?.cls) return { thisOf: v.cls };
    return undefined;
  }

  /** A field or method of an instance (or of the class itself, for static calls). */
  member(ref: ClassRef, key: string): AV | undefined {
    const info = this.classes.get(ref.node);
    if (!info) return undefined;
    if (info.fields.has(key)) return info.fields.get(key);
    const m = info.methods.get(key);
    return m ? { fn: m } : undefined;
  }

  methods(ref: ClassRef): ReadonlyMap<string, FnRef> {
    return this.classes.get(ref.node)?.methods ?? NO_METHODS;
  }

  setField(ref: ClassRef, key: string, value: AV | undefined): void {
    this.classes.get(ref.node)?.fields.set(key, value);
  }

  /** `function Dao(db) { this.find = (id) => ... }`: `find` is a method of what `Dao` builds. */
  addCtorMethod(ctor: FnNode, key: string, fn: FnRef): void {
    const methods = this.ctor.get(ctor) ?? new Map<string, FnRef>();
    methods.set(key, fn);
    this.ctor.set(ctor, methods);
  }

  ctorMethods(ctor: FnNode): ReadonlyMap<string, FnRef> {
    return this.ctor.get(ctor) ?? NO_METHODS;
  }
}
