// Field-sensitive parameters. A callee that reads `opts.templatePath` or destructures
// `{ templatePath, ...rest }` depends on one field of its argument, not on the whole object: a
// caller passing `{ to: req.body.email, templatePath: CONST }` must only taint `to`. Reads of
// a symbolic parameter's fields are themselves symbols (`field syms`, negative ids that carry
// their parameter), and summary entries say which part of the parameter reaches the sink (`field`,
// `omit` for a rest element) and where in the onward call's argument the value lands (`argAt`).
// Objects with known fields are split into leaves (field path + value) when they leave a file.
import type { Evidence } from '../../../model/types.js';
import { type AV, baseParam, FIELD_SYM_SPACE, type Flags, isTainted, type Origin } from './taint-types.js';
import { flagsOf, mergeTaint } from './taint-value.js';

/** Deepest field path tracked; deeper reads stay on the path's last tracked field (sound). */
export const MAX_FIELD_DEPTH = 3;

/** The part of a parameter a summary entry depends on: `field` path, minus `omit` keys (rest). */
export interface Selector {
  field?: string[];
  omit?: string[];
}

export interface ParamRef extends Selector {
  /** Global id of the whole parameter (owner id * 64 + index). */
  base: number;
}

/** Table of field syms of one file's analysis (ids encode their base, see `baseParam`). */
export class FieldSyms {
  private readonly refs = new Map<number, ParamRef>();
  private readonly byKey = new Map<string, number>();
  private readonly counts = new Map<number, number>();

  /** Resolves any parameter id (whole or field sym) to its base parameter and selector. */
  ref(pid: number): ParamRef {
    if (pid >= 0) return { base: pid };
    return this.refs.get(pid) ?? { base: baseParam(pid) };
  }

  base(pid: number): number {
    return baseParam(pid);
  }

  private make(r: ParamRef): number {
    if (!r.field?.length && !r.omit?.length) return r.base;
    const key = `${r.base}|${(r.field ?? []).join('\u0000')}|${(r.omit ?? []).join('\u0000')}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const n = this.counts.get(r.base) ?? 0;
    // Too many distinct fields of one parameter: the whole parameter (sound).
    if (n >= FIELD_SYM_SPACE - 1) return r.base;
    this.counts.set(r.base, n + 1);
    const id = -(r.base * FIELD_SYM_SPACE + n + 1);
    this.refs.set(id, r);
    this.byKey.set(key, id);
    return id;
  }

  /** `p.key` for a parameter id (a rest's field is the parameter's field). */
  member(pid: number, key: string): number {
    const r = this.ref(pid);
    const field = r.field ?? [];
    if (field.length >= MAX_FIELD_DEPTH) return r.omit?.length ? this.make({ base: r.base, field }) : pid;
    return this.make({ base: r.base, field: [...field, key] });
  }

  /** `{ a, b, ...rest } = p`: the rest is `p` without `a` and `b`. */
  rest(pid: number, omit: readonly string[]): number {
    const r = this.ref(pid);
    const all = [...new Set([...(r.omit ?? []), ...omit])].sort();
    return this.make({ base: r.base, field: r.field, omit: all });
  }
}

export function selectorKey(s: Selector): string {
  return `${(s.field ?? []).join('.')}|${(s.omit ?? []).join(',')}`;
}

/** Flags of a member read from a tainted value (as `memberOf` derives them). */
export function memberFlags(f: Flags): Flags {
  const shape = f.shape === 'strings' || f.shape === 'string' ? 'string' : f.shape === 'inherit' ? 'inherit' : 'any';
  return { ...f, shape, whole: 'no', sqlish: 'no', html: 'no' };
}

/** Flags of an object holding a tainted value in one of its fields (as an object literal gets). */
export function containerFlags(f: Flags): Flags {
  const shape = f.shape === 'string' || f.shape === 'strings' ? 'strings' : f.shape === 'inherit' ? 'inherit' : 'object';
  return { ...f, shape, whole: 'no', sqlish: 'no', html: 'no' };
}

/** Source labels with a member named (`req.body` → `req.body.email`). */
export function memberLabels(src: Origin[] | undefined, key: string): Origin[] | undefined {
  if (!src?.length || !/^[A-Za-z_$][\w$]*$/.test(key)) return src;
  return src.map((o) => (o.label.length < 60 ? { ...o, label: `${o.label}.${key}` } : o));
}

/**
 * Taint of a value that its known fields do not explain: a spread of a whole object, or taint
 * the object had before fields were written (`const o = req.body; o.x = 1`). Undefined when
 * every source and parameter of the value comes from one of its fields.
 */
export function residual(v: AV): AV | undefined {
  if (!isTainted(v)) return undefined;
  if (!v.fields) return v;
  const labels = new Set<string>();
  const params = new Set<number>();
  for (const fv of v.fields.values()) {
    if (!isTainted(fv)) continue;
    for (const o of fv.src ?? []) labels.add(`${o.kind}|${o.label}`);
    for (const p of fv.params ?? []) params.add(p);
  }
  const src = v.src?.filter((o) => !labels.has(`${o.kind}|${o.label}`));
  const ps = v.params?.filter((p) => !params.has(p));
  if (!src?.length && !ps?.length) return undefined;
  return { src: src?.length ? src : undefined, params: ps?.length ? ps : undefined, flags: flagsOf(v), steps: v.steps };
}

export interface Leaf {
  at: string[];
  v: AV;
}

/**
 * An argument split by where its taint sits: tainted fields of a known object (to depth 2) and
 * what the fields do not explain (at the object itself).
 */
export function leaves(v: AV | undefined, depth = 0, at: string[] = []): Leaf[] {
  if (!isTainted(v)) return [];
  if (!v.fields || depth >= 2) return [{ at, v }];
  const out: Leaf[] = [];
  for (const [k, fv] of v.fields) if (isTainted(fv)) out.push(...leaves(fv, depth + 1, [...at, k]));
  const rest = residual(v);
  if (rest) out.push({ at, v: rest });
  return out;
}

/** A concrete taint located at a field path of an argument (link step, pending calls). */
export interface Located {
  at: string[];
  src: Origin[];
  flags: Flags;
  steps: Evidence[];
}

/**
 * What a summary entry reading `sel` of a parameter sees of a taint located at `item.at` of the
 * argument, and where that lands (`inner`: the path below the selection). Undefined: the entry
 * reads a sibling field.
 */
export function selectLocated(item: Located, sel: Selector): { src: Origin[]; flags: Flags; inner: string[] } | undefined {
  const field = sel.field ?? [];
  const at = item.at;
  const n = Math.min(field.length, at.length);
  for (let i = 0; i < n; i++) if (field[i] !== at[i]) return undefined;
  if (at.length <= field.length) {
    // The entry reads inside a tainted value: a member of it (a rest of it is still all of it).
    let src = item.src;
    for (const k of field.slice(at.length)) src = memberLabels(src, k) ?? src;
    const flags = field.length > at.length ? memberFlags(item.flags) : item.flags;
    return { src, flags, inner: [] };
  }
  const inner = at.slice(field.length);
  if (sel.omit?.includes(inner[0])) return undefined;
  return { src: item.src, flags: containerFlags(item.flags), inner };
}

/** Same-file version of `selectLocated` on values: `member` reads a field the way `memberOf` does. */
export function selectValue(v: AV | undefined, sel: Selector, member: (v: AV | undefined, key: string) => AV | undefined): AV | undefined {
  let cur = v;
  for (const k of sel.field ?? []) {
    if (!cur) return undefined;
    cur = cur.fields?.has(k) ? cur.fields.get(k) : member(cur.fields ? residual(cur) : cur, k);
  }
  if (!sel.omit?.length || !isTainted(cur) || !cur.fields) return cur;
  let out: AV | undefined = residual(cur);
  for (const [k, fv] of cur.fields) if (!sel.omit.includes(k)) out = mergeTaint(out, fv);
  return out && isTainted(out) ? { ...out, flags: containerFlags(flagsOf(out)) } : undefined;
}
