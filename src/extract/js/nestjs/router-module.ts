// Nest router modules: `RouterModule.register([{ path: 'api/v2', module: PublicApiModule, children:
// [...] }])` (and nest-router's `RouterModule.forRoutes`) puts a path in front of the controllers a
// module declares in its own `@Module({ controllers })`. Nest flattens the tree (a child's path is
// its parent's plus its own; a bare module among `children` takes its parent's path) and only the
// listed module's own controllers get it: modules it imports keep theirs. The route table, the
// modules and the controllers usually live in three different files, so each file records what it
// declares and link joins them (RouterPrefixes), resolving import specifiers like a bundler would.
import type { Fact } from '../../../model/types.js';
import { calleeProperty, objectProp, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { fileNoExt, joinPath } from '../_lib/routes.js';
import { WorkspaceResolver } from '../_lib/workspace-modules.js';
import { PathAliases } from '../_lib/path-aliases.js';
import { decoratorsOf } from './decorators.js';

/** A class named in a module list: imported (`spec` as written, `name` the export used) or of the same file. */
interface ClassRef {
  spec?: string;
  name: string;
}

/** `RouterModule.register(routes)`: each module with its flattened path. */
export interface RouterRecord {
  kind: 'router-module';
  routes: { path: string; module: ClassRef }[];
}

/** `@Module({ controllers: [A, B] })` on class `name`. */
export interface ModuleRecord {
  kind: 'nest-module';
  name: string;
  controllers: ClassRef[];
}

const REGISTER = /(^|\.)RouterModule\.(register|forRoutes)$/;

function classRef(expr: AstNode | null | undefined, index: JsIndex): ClassRef | undefined {
  const n = unwrap(expr);
  if (!n || n.type !== 'Identifier') return undefined;
  const b = index.bindings.get(n.name);
  if (!b) return { name: n.name };
  // A package's class (`@nestjs/...`) resolves to no file of the repository: link drops it.
  return { spec: b.module, name: b.imported === '*' ? n.name : b.imported };
}

/** An array literal, also through a same-file constant (`const routes: Routes = [...]`). */
function arrayOf(expr: AstNode | null | undefined, index: JsIndex): AstNode[] | undefined {
  let n = unwrap(expr);
  for (let i = 0; i < 3 && n && n.type === 'Identifier'; i++) n = unwrap(index.constInit(n.name));
  if (!n || n.type !== 'ArrayExpression') return undefined;
  return n.elements.filter((e): e is NonNullable<typeof e> => !!e && e.type !== 'SpreadElement') as AstNode[];
}

/** Nest's flattenRoutePaths: parent path + child path; a bare module child takes the parent's path. */
function flatten(routes: AstNode[], parent: string, index: JsIndex, out: RouterRecord['routes'], depth = 0): void {
  if (depth > 6) return;
  for (const r of routes) {
    const item = unwrap(r);
    if (item.type === 'Identifier') {
      const module = classRef(item, index);
      if (module && parent) out.push({ path: parent, module });
      continue;
    }
    if (item.type !== 'ObjectExpression') continue;
    const own = stringValue(objectProp(item, 'path'), index);
    if (objectProp(item, 'path') && own === undefined) continue; // an unknown path: no invented one
    const path = joinPath(parent || '/', own ?? '').replace(/(.)\/+$/, '$1');
    const module = classRef(objectProp(item, 'module'), index);
    if (module && own !== undefined) out.push({ path, module });
    const children = arrayOf(objectProp(item, 'children') ?? objectProp(item, 'childrens'), index);
    if (children) flatten(children, path, index, out, depth + 1);
  }
}

/** Router tables and module declarations of this file (cheap text tests first). */
export function routerModuleRecords(index: JsIndex): { at: AstNode; data: RouterRecord | ModuleRecord; key: string }[] {
  const out: { at: AstNode; data: RouterRecord | ModuleRecord; key: string }[] = [];
  if (index.content.includes('RouterModule')) {
    for (const call of index.nodesOf('CallExpression')) {
      const prop = calleeProperty(call);
      if ((prop !== 'register' && prop !== 'forRoutes') || !REGISTER.test(index.resolvedCallee(call) ?? '')) continue;
      const routes: RouterRecord['routes'] = [];
      flatten(arrayOf(call.arguments[0] as AstNode, index) ?? [], '', index, routes);
      if (routes.length > 0) out.push({ at: call, data: { kind: 'router-module', routes }, key: `router-module:${index.line(call)}` });
    }
  }
  if (index.content.includes('controllers')) {
    for (const cls of index.nodesOf('ClassDeclaration')) {
      const mod = decoratorsOf(cls as AstNode).find((d) => d.name === 'Module');
      const list = mod ? arrayOf(objectProp(mod.args[0], 'controllers'), index) : undefined;
      const controllers = (list ?? []).flatMap((c) => classRef(c, index) ?? []);
      if (cls.id && controllers.length > 0) out.push({ at: cls as AstNode, data: { kind: 'nest-module', name: cls.id.name, controllers }, key: `nest-module:${cls.id.name}` });
    }
  }
  return out;
}

/** Joins router tables, modules and controllers across files: the module path of a controller class. */
export class RouterPrefixes {
  private readonly routers: { file: string; rec: RouterRecord }[] = [];
  private readonly modules: { file: string; rec: ModuleRecord }[] = [];
  private byController: Map<string, string> | undefined;

  add(file: string, rec: RouterRecord | ModuleRecord): void {
    if (rec.kind === 'router-module') this.routers.push({ file, rec });
    else this.modules.push({ file, rec });
  }

  get empty(): boolean {
    return this.routers.length === 0;
  }

  /** The module path of the controller class `className` declared in `file` (undefined: none). */
  prefixOf(file: string, className: string, facts: readonly Fact[]): string | undefined {
    if (this.routers.length === 0) return undefined;
    const map = (this.byController ??= this.join(facts));
    return map.get(`${fileNoExt(file)}#${className}`) ?? map.get(`${fileNoExt(file)}#default`);
  }

  private join(facts: readonly Fact[]): Map<string, string> {
    const files = new Set<string>([...this.routers, ...this.modules].map((r) => r.file));
    const projects: { name: string; root: string }[] = [];
    const controllerNames = new Map<string, string[]>();
    for (const f of facts) {
      if (f.kind === 'entrypoint' && f.handler?.file) {
        files.add(f.handler.file);
        const cls = f.handler.name?.split('.')[0];
        const k = `${fileNoExt(f.handler.file)}#${cls}`;
        if (cls && !controllerNames.get(cls)?.includes(k)) controllerNames.set(cls, [...(controllerNames.get(cls) ?? []), k]);
      } else if (f.kind === 'project') projects.push({ name: f.name, root: f.root });
    }
    const resolver = new WorkspaceResolver(files, projects, PathAliases.from(facts));
    // A class resolved through a barrel (`./notes` → notes/index) is found by its name when only one
    // recorded module or controller carries it.
    const key = (from: string, ref: ClassRef, byName: Map<string, string[]>) => {
      const target = ref.spec === undefined ? fileNoExt(from) : resolver.resolve(from, ref.spec);
      const direct = target ? `${target}#${ref.name}` : undefined;
      const named = byName.get(ref.name);
      if (direct && (!named || named.includes(direct))) return direct;
      return named?.length === 1 ? named[0] : direct;
    };
    const moduleNames = new Map<string, string[]>();
    for (const { file, rec } of this.modules) moduleNames.set(rec.name, [...(moduleNames.get(rec.name) ?? []), `${fileNoExt(file)}#${rec.name}`]);
    const modulePath = new Map<string, string>();
    // Nest keeps the last registration of a module.
    for (const { file, rec } of this.routers) for (const r of rec.routes) {
      const k = key(file, r.module, moduleNames);
      if (k) modulePath.set(k, r.path);
    }
    const out = new Map<string, string>();
    for (const { file, rec } of this.modules) {
      const path = modulePath.get(`${fileNoExt(file)}#${rec.name}`);
      if (path === undefined || path === '/') continue;
      for (const c of rec.controllers) {
        const k = key(file, c, controllerNames);
        if (k) out.set(k, path);
      }
    }
    return out;
  }
}

/** Module path, controller path and method path, as Nest composes them (before version and global prefix). */
export function withModulePath(modulePath: string | undefined, local: string): string {
  return modulePath ? joinPath(modulePath, local) : local;
}
