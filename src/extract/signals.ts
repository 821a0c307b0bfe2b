// Which extractors' signals occur in a file's text, in one pass over it for all of them. Testing
// one regular expression per extractor scans the whole text once per extractor that finds nothing
// (most of them, on most files). Here one expression holds the signals of every extractor still
// unanswered; at each hit the extractors with a signal at that position are answered and the scan
// goes on, from the next character, with an expression of those still unanswered. A file costs one
// scan plus one step per answered extractor, whatever the number of extractors.
import type { Extractor } from './types.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A set of extractors still unanswered, with its expression and where each hit leads. */
interface State {
  pending: readonly Extractor[];
  pattern: RegExp;
  /** By first character: the (pending index, signal) pairs that may start there. */
  byFirst: Map<number, [number, string][]>;
  /** The state after a hit answered these pending indexes (joined by commas). */
  next: Map<string, State>;
}

/** Extractors by identity, not id: two extractors (a test double, say) may share an id. */
const serials = new WeakMap<Extractor, number>();
let nextSerial = 0;

function serialOf(extractor: Extractor): number {
  let serial = serials.get(extractor);
  if (serial === undefined) serials.set(extractor, (serial = nextSerial++));
  return serial;
}

/** Starting states by the extractors asked about; bounded, as are the states reached from them. */
const initial = new Map<string, State>();
const MAX_STATES = 4096;
let states = 0;

function stateOf(pending: readonly Extractor[]): State {
  if (++states > MAX_STATES) {
    initial.clear();
    states = 1;
  }
  // Longest first: irrelevant to which extractors are answered (every signal at the hit's position
  // is checked), it only makes the hit span the most of the text.
  const signals = [...new Set(pending.flatMap((e) => e.signals ?? []))].sort((a, b) => b.length - a.length);
  const byFirst = new Map<number, [number, string][]>();
  pending.forEach((extractor, i) => {
    for (const signal of extractor.signals ?? []) {
      const first = signal.charCodeAt(0);
      let list = byFirst.get(first);
      if (!list) byFirst.set(first, (list = []));
      list.push([i, signal]);
    }
  });
  return { pending, pattern: new RegExp(signals.map(escape).join('|'), 'g'), byFirst, next: new Map() };
}

/**
 * The extractors of `withSignals` (each with a non-empty `signals` list) that have at least one
 * signal somewhere in `text`: the same answer as testing each extractor's signals on its own.
 */
export function extractorsSignalled(withSignals: readonly Extractor[], text: string): Set<Extractor> {
  const found = new Set<Extractor>();
  if (withSignals.length === 0) return found;
  const key = withSignals.map(serialOf).join(',');
  let state = initial.get(key);
  if (!state) initial.set(key, (state = stateOf(withSignals)));
  let from = 0;
  for (;;) {
    const { pattern } = state;
    pattern.lastIndex = from;
    const hit = pattern.exec(text);
    if (!hit) break;
    const at = hit.index;
    const answered: number[] = [];
    for (const [i, signal] of state.byFirst.get(text.charCodeAt(at))!) {
      if (answered[answered.length - 1] !== i && !answered.includes(i) && text.startsWith(signal, at)) answered.push(i);
    }
    answered.sort((a, b) => a - b);
    for (const i of answered) found.add(state.pending[i]);
    if (answered.length === state.pending.length) break;
    const step = answered.join(',');
    let next = state.next.get(step);
    if (!next) {
      const done = new Set(answered);
      state.next.set(step, (next = stateOf(state.pending.filter((_, i) => !done.has(i)))));
    }
    state = next;
    // Another signal may start inside this hit (`req` within `request`).
    from = at + 1;
  }
  return found;
}
