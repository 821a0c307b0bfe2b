// Matching call sites against specs: an index by the callee's last name segment, so a call is
// compared only with the specs that could apply to it, then `where`/`unless` conditions.
import type { SgNode } from '@ast-grep/napi';
import type { ArgSelector, CallArg, CallCondition, CallMatcher } from './types.js';

/** `os/exec.Command` → `Command`; `json.NewDecoder(r.Body).Decode` → `Decode`. */
export function lastSegment(dotted: string): string {
  const cut = dotted.lastIndexOf('.');
  return cut < 0 ? dotted : dotted.slice(cut + 1);
}

/** Callee text without whitespace or line breaks (`db\n  .execute` → `db.execute`). */
export function compactCallee(text: string): string {
  return text.replace(/\s+/g, '');
}

function calleePatterns(m: CallMatcher): readonly string[] {
  return typeof m.callee === 'string' ? [m.callee] : m.callee;
}

function calleeMatches(pattern: string, resolved: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return resolved.endsWith(suffix) && resolved.length > suffix.length;
  }
  return pattern === resolved;
}

function conditionHolds(condition: CallCondition, call: SgNode, args: readonly CallArg[]): boolean {
  return typeof condition === 'function' ? condition(call, args) : call.matches(condition);
}

/** Specs indexed by the last segment of their callee patterns. */
export class SpecIndex<T extends CallMatcher> {
  private readonly byName = new Map<string, T[]>();

  constructor(specs: readonly T[]) {
    for (const spec of specs) {
      for (const pattern of calleePatterns(spec)) {
        const name = lastSegment(pattern);
        const list = this.byName.get(name) ?? [];
        if (!list.includes(spec)) list.push(spec);
        this.byName.set(name, list);
      }
    }
  }

  /** Specs that apply to a call with this resolved callee, in declaration order. */
  find(resolved: string, call: SgNode, args: readonly CallArg[]): T[] {
    const candidates = this.byName.get(lastSegment(resolved));
    if (!candidates) return [];
    return candidates.filter(
      (spec) =>
        calleePatterns(spec).some((p) => calleeMatches(p, resolved)) &&
        (!spec.where || conditionHolds(spec.where, call, args)) &&
        (!spec.unless || !conditionHolds(spec.unless, call, args)),
    );
  }
}

/** The argument nodes a selector names (the receiver is handled by the caller). */
export function selectArgs(selector: ArgSelector, args: readonly CallArg[]): CallArg[] {
  const positional = args.filter((a) => a.keyword === undefined);
  const out: CallArg[] = [];
  for (const [i, arg] of positional.entries()) {
    if (arg.spread || selector.positions?.includes(i) || (selector.rest !== undefined && i >= selector.rest)) out.push(arg);
  }
  for (const arg of args) {
    if (arg.keyword !== undefined && (selector.anyKeyword || selector.keywords?.includes(arg.keyword) || arg.spread)) out.push(arg);
  }
  return out;
}

/** Keyword argument helpers for conditions: `shell=True`. */
export function keywordText(args: readonly CallArg[], name: string): string | undefined {
  return args.find((a) => a.keyword === name)?.node.text();
}
