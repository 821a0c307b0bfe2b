// A guard that lets every route through unless the handler carries its metadata (a policy guard,
// guard-policies.ts) does nothing at all when no handler or class ever sets that metadata: the
// decorator that would (`export const SubscriberRoute = () => SetMetadata('subscriberRouteGuard',
// true)`) is used nowhere. What its `canActivate` does after the early `return true` never runs, so
// a token it decodes without verifying is dead code, not a forgery path: link marks the JWT facts
// inside such a guard (`details.inertGuard`) and jwt-decode-without-verify leaves them alone.
// Judged across files by name: the key the guard reads, the decorators that set that key, and the
// decorators the application's files use (Nest's own and validation libraries' are left out).
import type { Fact } from '../../../model/types.js';
import { calleeName, calleeProperty, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { metadataGated } from './guard-policies.js';

/** A metadata-gated guard class and the key it reads (`'literal'` or `#CONSTANT_NAME`). */
export interface MetadataGuardRecord {
  kind: 'metadata-guard';
  guard: string;
  key: string;
}
/** `SetMetadata(key, ...)`: inside decorator `decorator`, or used as a decorator itself (`direct`). */
export interface MetadataSetterRecord {
  kind: 'metadata-setter';
  key: string;
  decorator?: string;
  direct?: true;
}
/** Names of the decorators a file uses. */
export interface DecoratorUsesRecord {
  kind: 'decorator-uses';
  names: string[];
}
export type InertGuardRecord = MetadataGuardRecord | MetadataSetterRecord | DecoratorUsesRecord;

const METADATA_GETTER = /^(get|getAll|getAllAndOverride|getAllAndMerge|getMetadata)$/;
const SETTER = /^(SetMetadata|defineMetadata)$/;
/** Decorators of Nest and of the validation/ORM libraries: never the application's metadata setters. */
const LIBRARY = /^(@nestjs\/|class-validator|class-transformer|typeorm|@mikro-orm\/|@apollo\/|type-graphql|mongoose|@typegoose\/)/;

function keyOf(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  return n.type === 'Identifier' ? `#${n.name}` : undefined;
}

/** The key a metadata-gated `canActivate` reads from the handler. */
function readKey(fn: FunctionLike, index: JsIndex): string | undefined {
  for (const call of index.nodesOf('CallExpression')) {
    if (call.start < (fn.body as AstNode).start || call.end > (fn.body as AstNode).end) continue;
    if (METADATA_GETTER.test(calleeProperty(call) ?? '') && /\.getHandler\(\)/.test(index.text(call))) return keyOf(call.arguments[0] as AstNode, index);
  }
  return undefined;
}

export function inertGuardRecords(index: JsIndex): { at: AstNode; data: InertGuardRecord; key: string }[] {
  const out: { at: AstNode; data: InertGuardRecord; key: string }[] = [];
  const content = index.content;
  if (content.includes('canActivate') && content.includes('getHandler')) {
    for (const cls of index.nodesOf('ClassDeclaration')) {
      const m = cls.body.body.find((x) => x.type === 'MethodDefinition' && x.key.type === 'Identifier' && x.key.name === 'canActivate');
      const fn = m && m.type === 'MethodDefinition' ? (m.value as FunctionLike) : undefined;
      if (!cls.id || !fn?.body || !metadataGated(fn, index)) continue;
      const key = readKey(fn, index);
      if (key) out.push({ at: cls as AstNode, data: { kind: 'metadata-guard', guard: cls.id.name, key }, key: `metadata-guard:${cls.id.name}` });
    }
  }
  if (/SetMetadata|defineMetadata/.test(content)) {
    for (const call of index.nodesOf('CallExpression')) {
      if (!SETTER.test(calleeName(call)?.split('.').pop() ?? '')) continue;
      const key = keyOf(call.arguments[0] as AstNode, index);
      if (!key) continue;
      const parent = index.parent(call as AstNode);
      if (parent?.type === 'Decorator') {
        out.push({ at: call as AstNode, data: { kind: 'metadata-setter', key, direct: true }, key: `metadata-setter:${index.line(call as AstNode)}` });
        continue;
      }
      // The decorator factory it sits in: `export const X = () => SetMetadata(...)`, `function X() {...}`.
      const decorator = index.enclosingFunctionName(call as AstNode);
      out.push({ at: call as AstNode, data: { kind: 'metadata-setter', key, ...(decorator && decorator !== '<module>' ? { decorator: decorator.split('.').pop() } : {}) }, key: `metadata-setter:${index.line(call as AstNode)}` });
    }
  }
  const names = new Set<string>();
  for (const d of index.nodesOf('Decorator')) {
    const e = unwrap(d.expression as AstNode);
    const callee = e.type === 'CallExpression' ? unwrap(e.callee as AstNode) : e;
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
    if (!name) continue;
    const b = index.bindings.get(callee.type === 'Identifier' ? name : '');
    if (b && LIBRARY.test(b.module)) continue;
    names.add(name);
  }
  if (names.size > 0) out.push({ at: index.program as AstNode, data: { kind: 'decorator-uses', names: [...names].sort() }, key: 'decorator-uses' });
  return out;
}

/** Joins the records: the guards whose metadata no used decorator sets, then marks their JWT facts. */
export class InertGuards {
  private readonly guards: { file: string; line: number; endLine: number; rec: MetadataGuardRecord }[] = [];
  private readonly setters: MetadataSetterRecord[] = [];
  private readonly used = new Set<string>();

  add(evidence: { file: string; line: number; endLine?: number }, rec: InertGuardRecord): void {
    if (rec.kind === 'metadata-guard') this.guards.push({ file: evidence.file, line: evidence.line, endLine: evidence.endLine ?? evidence.line, rec });
    else if (rec.kind === 'metadata-setter') this.setters.push(rec);
    else for (const n of rec.names) this.used.add(n);
  }

  get empty(): boolean {
    return this.guards.length === 0;
  }

  /** Guard classes (file and lines) nothing ever opts into: a setter of their key exists, none is used. */
  private inert(): typeof this.guards {
    return this.guards.filter(({ rec }) => {
      const setters = this.setters.filter((s) => s.key === rec.key);
      return setters.length > 0 && setters.every((s) => !s.direct && s.decorator !== undefined && !this.used.has(s.decorator));
    });
  }

  mark(facts: Fact[]): Fact[] {
    const inert = this.inert();
    if (inert.length === 0) return facts;
    return facts.map((f) => {
      if (f.kind !== 'auth' || f.mechanism !== 'jwt') return f;
      const g = inert.find((x) => x.file === f.evidence.file && f.evidence.line >= x.line && f.evidence.line <= x.endLine);
      return g ? { ...f, details: { ...(f.details ?? {}), inertGuard: g.rec.guard } } : f;
    });
  }
}
