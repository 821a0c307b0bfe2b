// Operations on abstract values: merging branches, deriving values from tainted ones, composing a
// caller's argument with a callee's summary, and the final "does this sink really apply" check.
import type { Evidence, SinkKind } from '../../../model/types.js';
import { SERVER_FILE_FIELDS, UPLOAD_LABEL } from './taint-frameworks.js';
import {
  type AV,
  DEFAULT_FLAGS,
  type Flags,
  type Need,
  type Origin,
  type Pos,
  type SchemaRef,
  type Shape,
  type Tri,
  ALL_KINDS,
  isTainted,
  kindBit,
} from './taint-types.js';

const MAX_SOURCES = 3;
const MAX_PARAMS = 6;
const MAX_STEPS = 8;

function unionOrigins(a: Origin[] | undefined, b: Origin[] | undefined): Origin[] | undefined {
  if (!a?.length) return b;
  if (!b?.length) return a;
  const out = [...a];
  for (const o of b) {
    const i = out.findIndex((x) => x.label === o.label && x.kind === o.kind);
    if (i >= 0) {
      if ((out[i].clean ?? 0) !== (o.clean ?? 0)) out[i] = { ...out[i], clean: (out[i].clean ?? 0) & (o.clean ?? 0) };
    } else if (out.length < MAX_SOURCES) out.push(o);
  }
  return out;
}

function unionParams(a: number[] | undefined, b: number[] | undefined): number[] | undefined {
  if (!a?.length) return b;
  if (!b?.length) return a;
  const out = [...a];
  for (const p of b) if (out.length < MAX_PARAMS && !out.includes(p)) out.push(p);
  return out;
}

function mergeShape(a: Shape, b: Shape): Shape {
  if (a === b) return a;
  if (a === 'inherit' || b === 'inherit') return 'inherit';
  return 'any';
}

function mergeTri(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  if (a === 'inherit' || b === 'inherit') return 'inherit';
  return 'no';
}

const POS_RANK: Record<Pos, number> = { path: 0, host: 1, inherit: 2, prefix: 3 };

function mergePos(a: Pos, b: Pos): Pos {
  return POS_RANK[a] >= POS_RANK[b] ? a : b;
}

export function mergeFlags(a: Flags, b: Flags): Flags {
  const out: Flags = {
    shape: mergeShape(a.shape, b.shape),
    whole: mergeTri(a.whole, b.whole),
    pos: mergePos(a.pos, b.pos),
    sqlish: mergeTri(a.sqlish, b.sqlish),
    html: mergeTri(a.html, b.html),
    clean: a.clean & b.clean,
  };
  if (a.field !== undefined && a.field === b.field) out.field = a.field;
  if (a.fields && b.fields) out.fields = [...new Set([...a.fields, ...b.fields])];
  if (a.schema && b.schema && sameSchema(a.schema, b.schema)) out.schema = a.schema;
  return out;
}

function sameSchema(a: SchemaRef, b: SchemaRef): boolean {
  return a.file === b.file && a.module === b.module && a.name === b.name;
}

export function flagsOf(v: AV): Flags {
  return v.flags ?? DEFAULT_FLAGS;
}

/** Union of two possible values (branches, `a || b`, weak updates). Taint only. */
export function mergeTaint(a: AV | undefined, b: AV | undefined): AV | undefined {
  const ta = isTainted(a);
  const tb = isTainted(b);
  if (!ta) return tb ? b : (a ?? b);
  if (!tb) return a;
  return {
    src: unionOrigins(a.src, b.src),
    params: unionParams(a.params, b.params),
    flags: mergeFlags(flagsOf(a), flagsOf(b)),
    steps: (a.steps?.length ?? 0) >= (b.steps?.length ?? 0) ? a.steps : b.steps,
  };
}

/** Merge keeping non-taint identity of `a` when only one side is known (weak updates). */
export function mergeValues(a: AV | undefined, b: AV | undefined): AV | undefined {
  if (!a) return b;
  if (!b) return a;
  if (!isTainted(a) && !isTainted(b)) return a.fn || a.mod || a.cls || a.fields || a.role || a.thisOf ? a : b;
  const t = mergeTaint(a, b);
  if (!t) return t;
  if (a.fields || b.fields) {
    const fields = new Map(a.fields ?? []);
    for (const [k, v] of b.fields ?? []) fields.set(k, mergeTaint(fields.get(k), v));
    return { ...t, fields };
  }
  return t;
}

export function addStep(steps: Evidence[] | undefined, step: Evidence | undefined): Evidence[] | undefined {
  if (!step) return steps;
  const list = steps ?? [];
  const last = list[list.length - 1];
  if (last && last.file === step.file && last.line === step.line) return list;
  const next = [...list, step];
  // Keep the source end and the sink end of long paths.
  if (next.length > MAX_STEPS) next.splice(2, next.length - MAX_STEPS);
  return next;
}

export function concatSteps(a: Evidence[] | undefined, b: Evidence[] | undefined): Evidence[] | undefined {
  let out = a;
  for (const s of b ?? []) out = addStep(out, s);
  return out;
}

/** A value computed from tainted inputs, with new flags; non-taint identity is dropped. */
export function derive(from: AV | undefined, patch: Partial<Flags>, step?: Evidence): AV | undefined {
  if (!isTainted(from)) return undefined;
  const flags = { ...flagsOf(from), ...patch };
  // A value computed from an object literal is no longer that object.
  if (flags.fields && !patch.fields) delete flags.fields;
  return {
    src: from.src,
    params: from.params,
    flags,
    steps: addStep(from.steps, step),
  };
}

/** A parameter as it came in (or an element of it): nothing decided, no member read yet. */
export function paramLike(f: Flags): boolean {
  return f.shape === 'inherit' && f.pos === 'inherit' && f.sqlish === 'inherit' && f.html === 'inherit' && f.clean === 0 && f.field === undefined;
}

/**
 * The caller's sources as a callee sees them after reading member `field`: the server-chosen
 * fields of an upload (`file.path`, multer's temporary file) are no client path.
 */
export function memberSources(src: Origin[] | undefined, field: string | undefined): Origin[] | undefined {
  if (field === undefined || !src?.length) return src;
  // A callee reading `note.slug` of a validated DTO the caller passed whole: that member's validators apply.
  // A dotted path (`opts.context.teamId`): its first member is the one read from the caller's value.
  const first = field.split('.', 1)[0];
  if (src.some((o) => o.dto && o.dtoField === undefined)) src = src.map((o) => (o.dto && o.dtoField === undefined ? { ...o, dtoField: first } : o));
  if (!SERVER_FILE_FIELDS.has(first)) return src;
  return src.map((o) => (o.kind === 'request' && UPLOAD_LABEL.test(o.label) ? { label: `${o.label}.${first}`, kind: 'upload' as const } : o));
}

export function withClean(v: AV | undefined, clean: number): AV | undefined {
  if (!isTainted(v) || !clean) return v;
  const f = flagsOf(v);
  return { ...v, src: v.src?.map((o) => ({ ...o, clean: (o.clean ?? 0) | clean })), flags: { ...f, clean: f.clean | clean } };
}

/** The flags one concrete origin reaches a sink with: its own sanitising plus the value's. */
export function originFlags(origin: Origin, f: Flags): Flags {
  const clean = (origin.clean ?? 0) | f.clean;
  return clean === f.clean ? f : { ...f, clean };
}

/** The flags a callee sees, given the caller's argument flags and the callee's own transforms. */
export function composeFlags(outer: Flags, inner: Flags): Flags {
  const out: Flags = {
    shape: inner.shape === 'inherit' ? outer.shape : inner.shape,
    whole: inner.whole === 'inherit' ? outer.whole : inner.whole,
    // Right after a fixed host, an argument that itself starts with literal text (`/ext/${x}`) is in the path.
    pos: inner.pos === 'inherit' ? outer.pos : inner.pos === 'host' && outer.pos === 'path' ? 'path' : inner.pos,
    sqlish: inner.sqlish === 'inherit' ? outer.sqlish : inner.sqlish,
    html: inner.html === 'inherit' ? outer.html : inner.html,
    clean: outer.clean | inner.clean,
  };
  if (inner.field === undefined && !inner.fields) {
    // The common case: no member read, no object literal passed on.
    if (outer.field !== undefined) out.field = outer.field;
    if (outer.fields && paramLike(inner)) out.fields = outer.fields;
    return out;
  }
  const outerKeys = outer.fields?.map(fieldKey);
  if (inner.field !== undefined && outerKeys) {
    // The callee reads a member the caller's object literal fills with server data only. Paths
    // are dotted (`context.teamId`): a tainted key above the member taints it, one below it
    // leaves the member an object tainted in those sub-members only.
    const field = inner.field;
    const holder = outer.fields?.find((k) => {
      const key = fieldKey(k);
      return key === field || field.startsWith(`${key}.`);
    });
    if (holder !== undefined) {
      // The member itself holds request data: a string when the caller's member was one (`{ id:
      // req.params.id, tiles: req.body.tiles }`: `id` carries no query operator).
      if (holder.endsWith(STRING_MEMBER) && inner.shape === 'inherit') out.shape = 'string';
    } else {
      const below = outerKeys.filter((k) => k.startsWith(`${field}.`)).map((k) => k.slice(field.length + 1));
      if (!below.length) out.clean = ALL_KINDS;
      else if (memberLike(inner)) out.fields = below;
    }
  } else {
    const field = outer.field ?? inner.field;
    if (field !== undefined) out.field = field;
  }
  // The object passed on: the callee's own literal, or the caller's object handed through as is.
  let fields = inner.fields ?? (paramLike(inner) ? outer.fields : undefined);
  if (inner.fields && outerKeys) {
    // `{ componentNodes: params.componentNodes }` built from the caller's literal: only the members
    // filled from its tainted members stay tainted (`key=from` records where each came from; `key=`
    // holds the whole parameter, so it carries the caller's tainted members one level down).
    fields = inner.fields.flatMap((f) => carried(f, outerKeys));
  } else if (inner.fields && !paramLike(outer)) fields = inner.fields.map((f) => (f.includes('=') ? fieldKey(f) : f));
  if (fields) out.fields = fields;
  return out;
}

/** A parameter's member read as is: nothing decided about it yet but which member it is. */
function memberLike(f: Flags): boolean {
  return f.field !== undefined && f.shape === 'inherit' && f.pos === 'inherit' && f.clean === 0 && !f.fields;
}

/**
 * The tainted members of a callee's object literal, given entry `f` of its `flags.fields` and the
 * tainted members (dotted paths) of the caller's object that the parameter was.
 */
function carried(f: string, outerKeys: string[]): string[] {
  const eq = f.indexOf('=');
  if (eq < 0) return [f];
  const key = f.slice(0, eq);
  const from = f.slice(eq + 1);
  if (from === '') return outerKeys.length <= MAX_CARRIED ? outerKeys.map((k) => `${key}.${k}`) : [key];
  if (outerKeys.some((k) => k === from || from.startsWith(`${k}.`))) return [key];
  const below = outerKeys.filter((k) => k.startsWith(`${from}.`)).map((k) => `${key}.${k.slice(from.length + 1)}`);
  return below.length <= MAX_CARRIED ? below : [key];
}

/** Dotted member paths kept per object handed on; past this the member counts as tainted whole. */
const MAX_CARRIED = 16;

/**
 * `key` of a `flags.fields` entry (`key=from`: filled from member `from` of the parameter;
 * `key|s`: a member holding a string of request data).
 */
export function fieldKey(f: string): string {
  const i = f.indexOf('=');
  const key = i < 0 ? f : f.slice(0, i);
  return key.endsWith(STRING_MEMBER) ? key.slice(0, -STRING_MEMBER.length) : key;
}

/** Suffix of a `flags.fields` entry whose member holds a string (no object, no query operator). */
export const STRING_MEMBER = '|s';

/** Flags with nothing left to inherit: what the value is when its concrete sources are read. */
export function concrete(f: Flags): Flags {
  return composeFlags(DEFAULT_FLAGS, f);
}

export function hasInherit(f: Flags): boolean {
  return f.shape === 'inherit' || f.whole === 'inherit' || f.pos === 'inherit' || f.sqlish === 'inherit' || f.html === 'inherit';
}

/**
 * Whether tainted data with these (concrete) flags is a real problem at a sink of this kind.
 * Keeps the per-kind judgement in one place, used both intra-file and by the link step.
 */
export function sinkApplies(kind: SinkKind, f: Flags, need?: Need): boolean {
  if (f.clean & kindBit(kind)) return false;
  if (need === 'sqlish' && f.sqlish !== 'yes') return false;
  if (need === 'htmlish' && f.html !== 'yes' && f.pos !== 'prefix') return false;
  // Operator injection and object merges need something that can be an object, not a string.
  if (need === 'object' && (f.shape === 'string' || f.shape === 'strings')) return false;
  switch (kind) {
    case 'ssrf':
    case 'redirect':
      return f.pos !== 'path';
    case 'html':
    case 'xml-injection':
    case 'log':
      // Objects and arrays are serialised as JSON or inspected, not written as markup or lines.
      return f.shape !== 'object' && f.shape !== 'strings' && f.whole !== 'yes';
    case 'mass-assignment':
      return f.whole === 'yes';
    default:
      return true;
  }
}

/** Where a tainted part lands in a URL-like string, from the literal text before it. */
export function posAfter(prefix: string): Pos {
  if (prefix === '') return 'prefix';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i.test(prefix) || /^\/\/[^/?#]*$/.test(prefix)) return 'host';
  if (/^[a-z][a-z0-9+.-]*:?\/?$/i.test(prefix)) return 'prefix';
  return 'path';
}

const SQL_TEXT = /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\s+[\w."`[\]]+\s+set|delete\s+from|where\s|order\s+by|group\s+by|values\s*\(|create\s+table|drop\s+table|alter\s+table|truncate\s+table|exec(?:ute)?\s)/i;
const HTML_TEXT = /<\/?[a-z!][^>]*>?/i;

export function looksSql(text: string): boolean {
  return SQL_TEXT.test(text);
}

export function looksHtml(text: string): boolean {
  return HTML_TEXT.test(text);
}
