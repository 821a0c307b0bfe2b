// Which Nest controllers the application serves. Nest only routes a `@Controller` class that a
// module lists (`@Module({ controllers: [A] })`, a dynamic module's `{ module, controllers }`), and
// only the modules it imports. Two cheap, name-level facts of every module file decide it in link:
//   - a controller class that no Nest file names outside its own declaration (and import/export
//     lines) is listed in no module: not a route, once an application (`NestFactory.create`) exists
//     and no module takes its controllers from elsewhere (an imported array, whether by a relative
//     or an aliased specifier such as `src/controllers`, `Object.values(ns)`);
//   - a module (or controller) named only under a development/test switch (`if (process.env.NODE_ENV
//     === 'test') modules.push(TestingModule)`, `...(isDev ? [DevModule] : [])`) serves its
//     controllers only outside production: those routes are tagged `dev-only` and `test-only`.
// A handler that first throws unless the environment is development or test (`if (process.env
// .NODE_ENV !== 'test') throw new NotFoundException()`) is the same, for that one route.
import type { Fact } from '../../../model/types.js';
import { unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { devOnly, envPolarity } from '../_lib/dev-only.js';
import { fileNoExt } from '../_lib/routes.js';
import { WorkspaceResolver } from '../_lib/workspace-modules.js';
import { PathAliases } from '../_lib/path-aliases.js';
import type { ModuleRecord } from './router-module.js';

/**
 * Class-like names a module file refers to, split by whether only a dev/test switch reaches them:
 * `Name`, or `Name<TAB>specifier` when imported (two classes may share a name: `HealthController`).
 */
export interface RefsRecord {
  kind: 'nest-refs';
  named: string[];
  gated: string[];
  /** Names a `controllers:` list takes from another file of the repository (or a namespace import). */
  listImports?: string[];
  /** The file lists controllers (`controllers: ...` in a module or a dynamic module). */
  lists?: true;
}

const MODULE_FILE = /@Module\s*\(|\bcontrollers\s*:|DynamicModule/;
/** Parents under which an identifier declares, imports or types a name rather than using it. */
const NOT_A_USE = new Set(['ImportSpecifier', 'ImportDefaultSpecifier', 'ImportNamespaceSpecifier', 'ExportSpecifier', 'ClassDeclaration', 'ClassExpression', 'MethodDefinition', 'PropertyDefinition', 'FunctionDeclaration']);

function isUse(id: AstNode, parent: AstNode | undefined): boolean {
  if (!parent) return false;
  if (NOT_A_USE.has(parent.type) || parent.type.startsWith('TS')) return false;
  if (parent.type === 'MemberExpression' && parent.property === id && !parent.computed) return false;
  if (parent.type === 'Property' && parent.key === id && !parent.computed && !parent.shorthand) return false;
  if (parent.type === 'VariableDeclarator' && parent.id === id) return false;
  return true;
}

export function refsRecord(index: JsIndex): RefsRecord | undefined {
  if (!MODULE_FILE.test(index.content)) return undefined;
  const named = new Set<string>();
  const gated = new Set<string>();
  for (const id of index.nodesOf('Identifier')) {
    const name = id.name;
    const c = name.charCodeAt(0);
    if (c < 65 || c > 90) continue; // class names: upper-case first letter
    const parent = index.parent(id as AstNode);
    if (!isUse(id as AstNode, parent)) continue;
    // Under the exported name (`import { A as B }`); a default import under `default`.
    const b = index.bindings.get(name);
    const exported = b ? (b.imported === 'default' ? 'default' : b.imported === '*' ? name : b.imported) : name;
    (devOnly(id as AstNode, index) ? gated : named).add(b ? `${exported}\t${b.module}` : name);
  }
  for (const n of named) gated.delete(n);
  const listImports = new Set<string>();
  let lists = false;
  for (const prop of index.nodesOf('Property')) {
    if (prop.computed || prop.key.type !== 'Identifier' || prop.key.name !== 'controllers') continue;
    lists = true;
    // `[A, B]`: the elements name the classes themselves; anything else (`...list`, `getAll()`,
    // `Object.values(ns)`) may bring classes from the file it is imported from.
    const value = unwrap(prop.value as AstNode);
    const parts = value.type === 'ArrayExpression' ? (value.elements.filter((e) => e && unwrap(e as AstNode).type !== 'Identifier') as AstNode[]) : [value];
    for (const part of parts) {
      for (const id of index.nodesOf('Identifier')) {
        if (id.start < part.start || id.end > part.end || !isUse(id as AstNode, index.parent(id as AstNode))) continue;
        // Any import of the project's own code: relative, or non-relative through tsconfig
        // `baseUrl`/`paths` (`import { controllers } from 'src/controllers'`) or a workspace package.
        const b = index.bindings.get(id.name);
        if (b && !b.module.startsWith('@nestjs/')) listImports.add(id.name);
      }
      if (/\brequire\s*\(\s*['"`]\./.test(index.text(part))) listImports.add('require()');
    }
  }
  if (named.size === 0 && gated.size === 0) return undefined;
  return { kind: 'nest-refs', named: [...named].sort(), gated: [...gated].sort(), ...(listImports.size > 0 ? { listImports: [...listImports].sort() } : {}), ...(lists ? { lists: true as const } : {}) };
}

/**
 * `if (process.env.NODE_ENV !== 'test') throw ...` (or `return`) as the handler's first statement:
 * the route answers only in development or test.
 */
export function envGatedHandler(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  const first = body && body.type === 'BlockStatement' ? (body.body[0] as AstNode | undefined) : undefined;
  if (!first || first.type !== 'IfStatement' || first.alternate) return false;
  if (envPolarity(first.test as AstNode, index) !== 'prod') return false;
  const cons = unwrap(first.consequent as AstNode);
  const stmt = cons.type === 'BlockStatement' && cons.body.length === 1 ? (cons.body[0] as AstNode) : cons;
  return stmt.type === 'ThrowStatement' || stmt.type === 'ReturnStatement';
}

export const DEV_TAGS = ['dev-only', 'test-only'];

/** A reference: the name, the file it is written in, the specifier it is imported from. */
interface Ref {
  from: string;
  spec?: string;
}

/** Joins the module files' names: which controller classes are unserved, which only outside production. */
export class Reachability {
  private readonly named = new Map<string, Ref[]>();
  private readonly gated = new Map<string, Ref[]>();
  private readonly listImports = new Set<string>();
  private readonly modules: ModuleRecord[] = [];
  private records = 0;
  private lists = false;

  add(file: string, rec: RefsRecord): void {
    this.records++;
    if (rec.lists) this.lists = true;
    const put = (into: Map<string, Ref[]>, entry: string) => {
      const [name, spec] = entry.split('\t');
      // Nest's own classes (`TestingModule` of @nestjs/testing) are none of the application's.
      if (spec?.startsWith('@nestjs/')) return;
      into.set(name, [...(into.get(name) ?? []), spec === undefined ? { from: file } : { from: file, spec }]);
    };
    for (const n of rec.named) put(this.named, n);
    for (const n of rec.gated) put(this.gated, n);
    for (const n of rec.listImports ?? []) this.listImports.add(n);
  }

  addModule(rec: ModuleRecord): void {
    this.modules.push(rec);
  }

  get empty(): boolean {
    return this.records === 0;
  }

  private gatedOnly(name: string): boolean {
    return this.gated.has(name) && !this.named.has(name);
  }

  /**
   * A judge of controller classes: `drop` for one no module lists, `dev` for one served only by
   * modules a development/test switch imports. `controllers`: class name → files declaring one
   * (the classes of the Nest HTTP routes).
   */
  judge(facts: readonly Fact[], controllers: Map<string, Set<string>>): (cls: string, file: string) => 'drop' | 'dev' | undefined {
    // An application whose modules list controllers: without either, the wiring is not in view.
    const app = this.lists && facts.some((f) => f.kind === 'config' && f.setting === 'server-app' && f.values.framework === 'nestjs');
    // A list taken from another file may hold any controller: then none is provably unlisted.
    const opaque = [...this.listImports].some((n) => !controllers.has(n));
    const listing = new Map<string, string[]>();
    for (const m of this.modules) for (const c of m.controllers) listing.set(c.name, [...(listing.get(c.name) ?? []), m.name]);
    let resolver: WorkspaceResolver | undefined;
    const resolve = (from: string, spec: string) => {
      resolver ??= new WorkspaceResolver(new Set(facts.map((f) => f.evidence.file)), facts.flatMap((f) => (f.kind === 'project' ? [{ name: f.name, root: f.root }] : [])), PathAliases.from(facts));
      return resolver.resolve(from, spec);
    };
    // Does this reference denote the class of `file`? One that provably denotes another controller
    // of the same name does not; one that cannot be resolved (a barrel, an alias) may.
    const denotes = (ref: Ref, cls: string, file: string) => {
      const declaring = controllers.get(cls) ?? new Set<string>();
      const target = ref.spec === undefined ? fileNoExt(ref.from) : resolve(ref.from, ref.spec);
      return target === undefined || !declaring.has(target) || target === file;
    };
    // A default import denotes its file's class; one of a package is none of the repository's controllers.
    const defaults = [...(this.named.get('default') ?? []), ...(this.gated.get('default') ?? [])].filter((r) => r.spec?.startsWith('.'));
    return (cls, file) => {
      const f = fileNoExt(file);
      const refs = [...(this.named.get(cls) ?? []), ...(this.gated.get(cls) ?? [])];
      if (app && !opaque && !refs.some((r) => denotes(r, cls, f)) && !defaults.some((r) => [f, undefined].includes(resolve(r.from, r.spec!)))) return 'drop';
      if (this.gatedOnly(cls)) return 'dev';
      const mods = listing.get(cls);
      if (mods && mods.length > 0 && mods.every((m) => this.gatedOnly(m))) return 'dev';
      return undefined;
    };
  }
}
