// Composite decorators: a function returning `applyDecorators(SetMetadata(KEY, x), UseGuards(A, B))`
// (Nest's documented way to bundle auth) stands for the guards it applies. A route decorated with
// `@RequiresScope(...)` runs `AuthGuard('jwt')`, `ScopeGuard`...: what those guards do decides its
// auth, not the decorator's name (a name like `Requires...Scope` would otherwise read as a role).
// The decorator keeps its own role meaning only when it also sets role or permission metadata
// (`SetMetadata('roles', roles)`, `Roles(...roles)`), which a roles guard among them reads.
// Decorators live in their own files, so each file records its composites and link expands the
// routes' decorators (candidates recorded per route) into them.
import type { Fact } from '../../../model/types.js';
import { calleeName, exportNamesByFunction, isFunctionLike, memberPath, stringValue, topLevelReturn, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { fileNoExt, type MwRef } from '../_lib/routes.js';
import { WorkspaceResolver } from '../_lib/workspace-modules.js';
import { PathAliases } from '../_lib/path-aliases.js';
import type { DecoratorInfo } from './decorators.js';

/** `export function RequiresScope(...) { return applyDecorators(..., UseGuards(...)) }`. */
export interface CompositeRecord {
  kind: 'composite-decorator';
  names: string[];
  guards: MwRef[];
  /** Also sets role or permission metadata: the decorator's own role ref stays. */
  role: boolean;
}

/** A route's decorator that may be a composite: where it comes from and the ref text it got. */
export interface CompositeCandidate {
  spec?: string;
  name: string;
  text: string;
}

const APPLY = /(^|\.)applyDecorators$/;
const ROLE_KEY = /role|permission|admin|privilege|abilit/i;
const ROLE_DECORATOR = /^(Has|Require|Requires|Check|Allowed|Allow)?(Roles?|Permissions?|Policies|Abilities|Privileges?)$/;

function compositeOf(fn: FunctionLike, index: JsIndex, guardRef: (a: AstNode) => MwRef): { guards: MwRef[]; role: boolean } | undefined {
  const ret = unwrap(topLevelReturn(fn));
  if (!ret || ret.type !== 'CallExpression' || !APPLY.test(index.resolvedCallee(ret) ?? calleeName(ret) ?? '')) return undefined;
  const guards: MwRef[] = [];
  let role = false;
  for (const a of ret.arguments as AstNode[]) {
    const d = unwrap(a.type === 'SpreadElement' ? (a.argument as AstNode) : a);
    if (d.type !== 'CallExpression') continue;
    const name = calleeName(d as CallLike)?.split('.').pop() ?? '';
    if (name === 'UseGuards') guards.push(...(d.arguments as AstNode[]).map((g) => guardRef(g)));
    else if (name === 'SetMetadata') {
      const key = unwrap(d.arguments[0] as AstNode);
      const text = stringValue(key, index) ?? memberPath(key)?.join('.') ?? '';
      if (ROLE_KEY.test(text)) role = true;
    } else if (ROLE_DECORATOR.test(name)) role = true;
  }
  return guards.length > 0 ? { guards, role } : undefined;
}

/** Composite decorators this file declares (cheap text test first). */
export function compositeRecords(index: JsIndex, guardRef: (a: AstNode) => MwRef): { at: AstNode; data: CompositeRecord; key: string }[] {
  if (!index.content.includes('applyDecorators')) return [];
  const out: { at: AstNode; data: CompositeRecord; key: string }[] = [];
  const exported = exportNamesByFunction(index);
  for (const fn of [...index.nodesOf('FunctionDeclaration'), ...index.nodesOf('ArrowFunctionExpression'), ...index.nodesOf('FunctionExpression')]) {
    if (!isFunctionLike(fn)) continue;
    const found = compositeOf(fn, index, guardRef);
    if (!found) continue;
    const own = index.functionName(fn);
    const names = [...new Set([...(own && /^[\w$]+$/.test(own) ? [own] : []), ...(exported.get(fn) ?? [])])];
    if (names.length > 0) out.push({ at: fn as AstNode, data: { kind: 'composite-decorator', names, ...found }, key: `composite:${names[0]}` });
  }
  return out;
}

/** Decorators of a route that may be composites of this repository (never Nest's own). */
export function compositeCandidates(decs: DecoratorInfo[], index: JsIndex): CompositeCandidate[] {
  const out: CompositeCandidate[] = [];
  for (const d of decs) {
    const e = unwrap((d.node as unknown as { expression: AstNode }).expression);
    if (e.type !== 'CallExpression') continue;
    const callee = unwrap(e.callee as AstNode);
    if (callee.type !== 'Identifier') continue;
    const b = index.bindings.get(callee.name);
    // A bare package name (`class-validator`) holds no composite of this repository; `@decorator`
    // (an `@` without a scope's `/`) is no npm name but a tsconfig alias of the project's own folder.
    if (b && (b.module.startsWith('@nestjs/') || (!/^[.@~#]/.test(b.module) && !b.module.includes('/')))) continue;
    if (!b && !index.functionByName(callee.name)) continue;
    out.push({ ...(b ? { spec: b.module, name: b.imported === '*' ? callee.name : b.imported } : { name: callee.name }), text: `@${d.name}(` });
  }
  return out;
}

/** Tag carrying a route's composite candidates from extraction to link. */
export const NEST_COMPOSITE = '~nest-composite:';

/** Joins routes' candidates with the composites recorded across files. */
export class Composites {
  private readonly records: { file: string; rec: CompositeRecord }[] = [];
  private byKey: Map<string, CompositeRecord> | undefined;
  private byName: Map<string, CompositeRecord[]> | undefined;
  private resolver: WorkspaceResolver | undefined;

  add(file: string, rec: CompositeRecord): void {
    this.records.push({ file, rec });
  }

  get empty(): boolean {
    return this.records.length === 0;
  }

  /** The route's guards with each composite decorator replaced by the guards it applies. */
  expand(file: string, candidates: CompositeCandidate[], mw: MwRef[], facts: readonly Fact[]): MwRef[] {
    if (this.records.length === 0 || candidates.length === 0) return mw;
    this.index(facts);
    let out = mw;
    for (const c of candidates) {
      const target = c.spec === undefined ? fileNoExt(file) : this.resolver!.resolve(file, c.spec);
      const named = this.byName!.get(c.name);
      const rec = (target ? this.byKey!.get(`${target}#${c.name}`) : undefined) ?? (c.spec !== undefined && !target ? this.inFolder(file, c.spec, c.name) : undefined) ?? (named?.length === 1 ? named[0] : undefined);
      if (!rec) continue;
      if (!rec.role) out = out.filter((r) => !(r.role === 'auth-role' && r.name.startsWith(c.text)));
      out = [...out, ...rec.guards.map((g) => ({ ...g, why: g.why ?? `${c.text}...) applies ${g.name}` }))];
    }
    return out;
  }

  /**
   * `import { Auth } from '@decorator'` where the alias names a folder whose index only re-exports
   * (`export * from './auth.decorator'`): the one composite of that name recorded under the folder.
   */
  private inFolder(file: string, spec: string, name: string): CompositeRecord | undefined {
    for (const folder of this.resolver!.candidatePaths(file, spec)) {
      const under = this.records.filter((r) => r.rec.names.includes(name) && fileNoExt(r.file).startsWith(`${folder}/`));
      if (under.length === 1) return under[0].rec;
    }
    return undefined;
  }

  private index(facts: readonly Fact[]): void {
    if (this.byKey) return;
    this.byKey = new Map();
    this.byName = new Map();
    const files = new Set(this.records.map((r) => r.file));
    const projects: { name: string; root: string }[] = [];
    for (const f of facts) {
      if (f.kind === 'entrypoint' && f.handler?.file) files.add(f.handler.file);
      else if (f.kind === 'project') projects.push({ name: f.name, root: f.root });
    }
    this.resolver = new WorkspaceResolver(files, projects, PathAliases.from(facts));
    for (const { file, rec } of this.records) for (const n of rec.names) {
      this.byKey.set(`${fileNoExt(file)}#${n}`, rec);
      this.byName.set(n, [...(this.byName.get(n) ?? []), rec]);
    }
  }
}
