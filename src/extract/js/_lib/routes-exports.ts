// Re-exports: what link needs to follow `ctrl.comments.del` from `require('../controllers')`
// through `controllers/index.js` (`module.exports = { comments: require('./comments') }`) to the
// function that handles the route.
import type { FactInput } from '../../../model/types.js';
import { functionOf, propertyValue, requireModule, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { canRefuse, returnedFunction } from './routes-guards.js';
import { accessFacts, summarizeHandler } from './routes-handler.js';
import { answers } from './routes-handler-writes.js';
import { handlerLike } from './routes-handler-records.js';
import { fileNoExt, internalFact, type HandlerRef } from './routes.js';

/** A module of this repository: relative, an alias of its source root, or a package.json `imports` subpath. */
export function isLocalModule(spec: string): boolean {
  // `#src/routes/init.js`: a package.json `imports` subpath, always the package's own code.
  return spec.startsWith('.') || spec.startsWith('@/') || spec.startsWith('~/') || spec.startsWith('src/') || /^#[\w-]/.test(spec);
}

/**
 * A module a router mounted with use() may come from: one of this repository, or a scoped name
 * that may be a tsconfig `paths` alias (`@server/routes/settings` → `server/routes/settings`) or a
 * workspace package. Callers also require a router-like name (`routerish`); link keeps the mount
 * only where the module resolves to a file of the repository that exports a router.
 */
export function isMountableModule(spec: string): boolean {
  return isLocalModule(spec) || /^@[\w-]+\/[\w.-]/.test(spec);
}

/** One name a module passes on from another: `export` is `*` for the whole module. */
export interface ReexportEntry {
  name: string;
  module: string;
  export: string;
}

export interface ReexportRecord {
  names: ReexportEntry[];
  /** `export * from './x'`: every name of these modules. */
  star: string[];
}

/** Object literals nested in exports are followed this deep (`{ feed: { get } }` is 2). */
const NESTED_EXPORT_DEPTH = 3;

/**
 * Names from the module to an imported handler: the binding's export plus the members after it
 * (`ctrl.comments.del`, `ctrl = require('../controllers').articles` → articles.comments.del).
 */
export function handlerExportPath(ref: { module?: string; name?: string }, index: JsIndex): string[] | undefined {
  const names = ref.name?.split('.');
  if (!names || !ref.module || names.some((n) => !/^[\w$]+$/.test(n))) return undefined;
  const b = index.bindings.get(names[0]);
  if (!b || b.module !== ref.module) return undefined;
  const rest = names.slice(1);
  if (b.imported === '*') return rest.length > 0 ? rest : ['default'];
  return [...b.imported.split('.'), ...rest];
}

export function withExportPath(ref: HandlerRef, index: JsIndex): HandlerRef {
  const path = handlerExportPath(ref, index);
  return path ? { ...ref, path } : ref;
}

/** `require('./a')` → whole module; `require('./a').x.y` → `x.y`; an import binding → its export. */
export function reexportOf(value: AstNode, index: JsIndex): { module: string; export: string } | undefined {
  let v = unwrap(value);
  const props: string[] = [];
  while (v.type === 'MemberExpression' && !v.computed && v.property.type === 'Identifier') {
    props.unshift(v.property.name);
    v = unwrap(v.object);
  }
  const spec = requireModule(v);
  if (spec !== undefined) return isLocalModule(spec) ? { module: spec, export: props.length > 0 ? props.join('.') : '*' } : undefined;
  if (v.type !== 'Identifier') return undefined;
  const b = index.bindings.get(v.name);
  if (!b || !isLocalModule(b.module)) return undefined;
  if (props.length === 0) return { module: b.module, export: b.imported };
  return { module: b.module, export: [...(b.imported === '*' ? [] : [b.imported]), ...props].join('.') };
}

/** The imported class an exported class extends (`class X extends Base`, `Base = require('./base')`). */
function superclassExport(v: AstNode, index: JsIndex): { module: string; export: string } | undefined {
  const cls = v.type === 'Identifier' ? (index.classByName(v.name) as AstNode | undefined) : v;
  if (!cls || (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression') || !cls.superClass) return undefined;
  const re = reexportOf(cls.superClass as AstNode, index);
  return re ? { module: re.module, export: re.export === '*' ? 'default' : re.export } : undefined;
}

/**
 * `js-reexport` (names passed on from other modules, with dotted names for nested object
 * literals) and `js-handler` records for handler functions nested in exported objects
 * (`module.exports = { feed: { get(ctx) {} } }` exports `feed.get`).
 */
export function moduleLinkFacts(index: JsIndex): FactInput[] {
  const record: ReexportRecord = { names: [], star: [] };
  const nested: { name: string; fn: FunctionLike }[] = [];
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type === 'ExportAllDeclaration') {
      const spec = String(s.source.value);
      if (!isLocalModule(spec)) continue;
      if (s.exported) record.names.push({ name: s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value), module: spec, export: '*' });
      else record.star.push(spec);
    } else if (s.type === 'ExportNamedDeclaration' && s.source) {
      const spec = String(s.source.value);
      if (!isLocalModule(spec)) continue;
      for (const sp of s.specifiers) {
        const local = sp.local.type === 'Identifier' ? sp.local.name : String(sp.local.value);
        const exported = sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value);
        record.names.push({ name: exported, module: spec, export: local });
      }
    }
  }
  const seenObjects = new Set<AstNode>();
  const visit = (name: string, value: AstNode, depth: number): void => {
    const re = reexportOf(value, index);
    if (re) {
      record.names.push({ name, ...re });
      // `module.exports = require('./routes')`: the members of that module are this one's too
      // (`routes.api` of `require('./routes')` with `routes/index.js` re-exporting `./routes`).
      if (name === 'default' && re.export === '*' && !record.star.includes(re.module)) record.star.push(re.module);
      return;
    }
    if (depth === 0) return;
    let v = unwrap(value);
    if (v.type === 'Identifier') v = unwrap(index.constInit(v.name)) ?? v;
    if (v.type !== 'ObjectExpression' || seenObjects.has(v)) return;
    seenObjects.add(v);
    for (const p of v.properties) {
      if (p.type !== 'Property') continue;
      const key = p.key.type === 'Identifier' && !p.computed ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
      if (!key) continue;
      const member = `${name}.${key}`;
      const value = propertyValue(p);
      const fn = functionOf(value, index);
      if (fn) {
        if (!index.exports.has(member)) nested.push({ name: member, fn });
      } else visit(member, value, depth - 1);
    }
  };
  for (const [name, value] of index.exports) {
    if (name.includes('.')) continue;
    // The members of `module.exports = {...}` are exports of their own (see collectExports).
    const v = unwrap(value);
    // `class X extends Base` (imported): what X lacks, it has from Base (link looks there next).
    const base = superclassExport(v, index);
    if (base) record.names.push({ name, ...base });
    if (name === 'default' && (v.type === 'ObjectExpression' || (v.type === 'Identifier' && unwrap(index.constInit(v.name))?.type === 'ObjectExpression'))) continue;
    visit(name, value, NESTED_EXPORT_DEPTH);
  }
  const out: FactInput[] = [];
  if (record.names.length > 0 || record.star.length > 0) out.push(internalFact('js-reexport', index.evidence(index.program as AstNode), record, `${index.file}#js-reexport`));
  const fne = fileNoExt(index.file);
  for (const { name, fn } of nested) {
    const inner = handlerLike(fn) ? fn : returnedFunction(fn, index);
    if (!inner || !handlerLike(inner)) continue;
    const summary = summarizeHandler(fn, index);
    const data = { exports: [name], name, line: index.line(fn), inline: summary.inline, tags: summary.tags, rejects: canRefuse(inner, index), answers: answers(fn, index), guardCalls: summary.guardCalls };
    out.push(internalFact('js-handler', index.evidence(fn), data, `${index.file}#js-handler:${name}`));
    out.push(...accessFacts(summary, index, { handler: `${fne}#${name}` }));
  }
  return out;
}
