// Scopes and per-function analysis contexts of the taint interpreter.
import type { AV, CallEntry, FnNode, FnRef, FnSummary, SinkEntry } from './taint-types.js';
import type { ClassRef, SchemaRef } from './taint-types.js';
import type { RequestChecks } from './taint-route-schemas.js';
import { mergeValues, withClean } from './taint-value.js';

/** A function whose summary is being built (params are symbolic: owner id * 64 + index). */
export interface Owner {
  id: number;
  name: string;
  summary: FnSummary;
  done: boolean;
  /** What the function returns, in terms of its own symbolic parameters (local calls only). */
  retValue?: AV;
  /** Summary entries by identity, for merging duplicates. */
  index?: Map<string, SinkEntry | CallEntry>;
}

export interface FnCtx {
  owner: Owner;
  /** Enclosing function name used in keys (inline callbacks use their parent's). */
  name: string;
  route?: string;
  /** Request parts the route's validation middleware checked (taint-route-schemas.ts). */
  checks?: RequestChecks;
  /** Return values seen so far. */
  ret?: AV;
  /** A Nest HTTP handler whose returned string is sent as an HTML body. */
  htmlReturn?: boolean;
  /** Content type set per response object name in this handler. */
  contentTypes: Map<string, 'html' | 'xml' | 'other'>;
  node?: FnNode;
  cls?: ClassRef;
  /** The function being walked (for the lazy deep-merge check). */
  fnRef?: FnRef;
  /** Enclosing context of an inline callback. */
  parent?: FnCtx;
}

export class Scope {
  /** Bindings, created on first declaration (most block scopes declare nothing). */
  private vars: Map<string, AV | undefined> | undefined;
  guards: Map<string, number> | undefined;
  /** Values that passed a schema imported from another module (`schema.safeParse(x).success`). */
  private schemaGuards: Map<string, SchemaRef> | undefined;
  /**
   * Names of enclosing scopes this branch scope assigned: `vars` holds the value as this branch
   * left it, while the declaring scope holds the merge with the other paths.
   */
  private shadows: Set<string> | undefined;
  /** Whether this scope or an enclosing one holds guards (they are only added to the current scope). */
  private anyGuards: boolean;

  constructor(
    readonly parent: Scope | undefined,
    readonly ctx: FnCtx,
    /** Branch depth when the scope was created: writes from deeper branches merge. */
    readonly branch: number,
    /** Functions created here that must be analysed if nobody calls them. */
    readonly deferred: FnRef[],
  ) {
    this.anyGuards = parent?.anyGuards ?? false;
  }

  child(branch: number, ctx: FnCtx = this.ctx, deferred: FnRef[] = this.deferred): Scope {
    return new Scope(this, ctx, branch, deferred);
  }

  find(name: string): Scope | undefined {
    if (this.vars?.has(name)) return this;
    for (let s = this.parent; s; s = s.parent) if (s.vars?.has(name)) return s;
    return undefined;
  }

  /**
   * `find(name)?.vars.get(name)` in one walk (every identifier read comes here): a value read is
   * the answer unless it is undefined, when `has` tells a binding to undefined from no binding.
   */
  lookup(name: string): AV | undefined {
    const own = this.vars;
    if (own) {
      const v = own.get(name);
      if (v !== undefined || own.has(name)) return v;
    }
    for (let s = this.parent; s; s = s.parent) {
      const vars = s.vars;
      if (!vars) continue;
      const v = vars.get(name);
      if (v !== undefined || vars.has(name)) return v;
    }
    return undefined;
  }

  declare(name: string, value: AV | undefined): void {
    (this.vars ??= new Map()).set(name, value);
    this.shadows?.delete(name);
    this.clearGuard(name);
  }

  /** The scope that declares `name` (branch shadows skipped). */
  private declaring(name: string): Scope | undefined {
    if (this.vars?.has(name) && !this.shadows?.has(name)) return this;
    for (let s = this.parent; s; s = s.parent) if (s.vars?.has(name) && !s.shadows?.has(name)) return s;
    return undefined;
  }

  /**
   * Assignment: strong inside the binding's own branch level, merged from a nested branch. The
   * branch itself sees the assigned value until it ends (`if (!p) { p = '/usr/bin/x'; run(p) }`):
   * the innermost scope of the current branch keeps it as a shadow. Shadows between here and the
   * declaration merge the value, so no path through them loses it.
   */
  assign(name: string, value: AV | undefined, branch: number): void {
    const owner = this.declaring(name) ?? this.root();
    const weak = owner.branch < branch;
    const vars = (owner.vars ??= new Map());
    if (weak) {
      // The checks that hold where the binding lives also hold for the value kept from before
      // (`if (!p.startsWith(ROOT)) return; ... if (dir) p += '/index.html'`): they are cleared below.
      const checked = owner.hasGuards() ? owner.guardBits(name) : 0;
      const old = vars.get(name);
      vars.set(name, mergeValues(checked ? withClean(old, checked) : old, value));
    } else vars.set(name, value);
    if (this !== owner) {
      if (this.shadows?.has(name)) this.vars!.set(name, mergeValues(this.vars!.get(name), value));
      for (let s = this.parent; s && s !== owner; s = s.parent) {
        if (s.shadows?.has(name)) s.vars!.set(name, mergeValues(s.vars!.get(name), value));
      }
    }
    if (weak && this !== owner && this.branch === branch) {
      (this.vars ??= new Map()).set(name, value);
      (this.shadows ??= new Set()).add(name);
    }
    this.clearGuard(name);
    if (owner === this) return;
    for (let s = this.parent; s; s = s.parent) {
      s.clearGuard(name);
      if (s === owner) break;
    }
  }

  /** The function-level scope (where `var` declarations live). */
  root(): Scope {
    return this.parent && this.parent.ctx === this.ctx ? this.parent.root() : this;
  }

  guard(text: string, clean: number): void {
    this.anyGuards = true;
    this.guards ??= new Map();
    this.guards.set(text, (this.guards.get(text) ?? 0) | clean);
  }

  guardSchema(text: string, schema: SchemaRef): void {
    this.anyGuards = true;
    (this.schemaGuards ??= new Map()).set(text, schema);
  }

  /** The imported schema a dominating check passed the value through, if any. */
  schemaOf(text: string): SchemaRef | undefined {
    return this.schemaGuards?.get(text) ?? this.parent?.schemaOf(text);
  }

  /**
   * Adds the checks made at the top level of a finished child block (a `try` whose failure leaves
   * the function). Checks on names the block declared itself do not reach out; neither do
   * checked call texts, whose operands may be such names.
   */
  inheritGuards(block: Scope): void {
    for (const [key, clean] of block.guards ?? []) {
      if (key.startsWith('text:')) continue;
      const root = /^[^.[]+/.exec(key)?.[0] ?? key;
      if (block.vars?.has(root)) continue;
      this.guard(key, clean);
    }
    for (const [key, schema] of block.schemaGuards ?? []) {
      const root = /^[^.[]+/.exec(key)?.[0] ?? key;
      if (!key.startsWith('text:') && !block.vars?.has(root)) this.guardSchema(key, schema);
    }
  }

  /** Sanitised-for bits from validation checks that dominate this point. */
  guardBits(text: string): number {
    let b = this.guards?.get(text) ?? 0;
    for (let s = this.parent; s; s = s.parent) b |= s.guards?.get(text) ?? 0;
    return b;
  }

  hasGuards(): boolean {
    return this.anyGuards;
  }

  private clearGuard(name: string): void {
    for (const map of [this.guards, this.schemaGuards]) {
      if (!map?.size) continue;
      // Deleting while iterating a Map is safe and visits every remaining key.
      for (const key of map.keys()) {
        if (key === name || (key.startsWith(name) && (key[name.length] === '.' || key[name.length] === '['))) map.delete(key);
      }
    }
  }
}
