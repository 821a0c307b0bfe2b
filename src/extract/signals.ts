// Which extractors' signals occur in a file's text, in one pass over it for all of them: an
// Aho-Corasick automaton over every signal of the extractors asked about, as a dense transition
// table, each state carrying the set (a bit mask) of extractors one of whose signals ends there.
// Testing one regular expression per extractor scans the whole text once per extractor that finds
// nothing (most of them, on most files), and one expression of all signals slows with their number
// (V8 tries the alternatives one by one); the automaton reads each character once, whatever the
// number of signals, and stops as soon as every extractor is answered.
import type { Extractor } from './types.js';

interface Automaton {
  extractors: readonly Extractor[];
  /**
   * Transitions by row: `table[row | column]` is the next state's row (`state << shift`), or its
   * complement (`~row`, negative) when a signal ends at that state, so the scan reads `out` only
   * there: one table read per character on most characters instead of two.
   */
  table: Int32Array;
  shift: number;
  /** Extractors (bit i: extractors[i]) with a signal ending at each state, suffixes included. */
  out: Int32Array;
  all: number;
  /** Columns of the non-ASCII characters signals use; any other such character is `other`. */
  wide: Map<number, number>;
  other: number;
}

/** Extractors per automaton: one bit each in a 32-bit mask. */
const MAX_PER_AUTOMATON = 31;

function build(extractors: readonly Extractor[]): Automaton {
  const wide = new Map<number, number>();
  for (const e of extractors) {
    for (const signal of e.signals ?? []) {
      for (let i = 0; i < signal.length; i++) {
        const c = signal.charCodeAt(i);
        if (c >= 128 && !wide.has(c)) wide.set(c, 128 + wide.size);
      }
    }
  }
  const other = 128 + wide.size;
  let shift = 7;
  while (1 << shift <= other) shift++;
  const width = 1 << shift;
  const column = (c: number): number => (c < 128 ? c : (wide.get(c) ?? other));
  // The trie of the signals.
  const children: Map<number, number>[] = [new Map()];
  const ends: number[] = [0];
  extractors.forEach((e, bit) => {
    for (const signal of e.signals ?? []) {
      let state = 0;
      for (let i = 0; i < signal.length; i++) {
        const c = column(signal.charCodeAt(i));
        let next = children[state].get(c);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          ends.push(0);
          children[state].set(c, next);
        }
        state = next;
      }
      ends[state] |= 1 << bit;
    }
  });
  // Breadth first: each state's failure link is a shallower state, already complete.
  const table = new Int32Array(children.length * width);
  const out = Int32Array.from(ends);
  const failure = new Int32Array(children.length);
  const queue: number[] = [];
  for (const [c, next] of children[0]) {
    table[c] = next;
    queue.push(next);
  }
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q];
    out[state] |= out[failure[state]];
    const row = state * width;
    const failRow = failure[state] * width;
    // Where the state has no edge it moves as its failure state does (a row copy), then its own
    // edges: a Map lookup per column made the build cost about 30 ms with js/auth's signals.
    table.copyWithin(row, failRow, failRow + width);
    for (const [c, next] of children[state]) {
      failure[next] = table[failRow + c];
      table[row + c] = next;
      queue.push(next);
    }
  }
  for (let i = 0; i < table.length; i++) {
    const next = table[i];
    table[i] = out[next] !== 0 ? ~(next << shift) : next << shift;
  }
  return { extractors, table, shift, out, all: 2 ** extractors.length - 1, wide, other };
}

function scan(a: Automaton, text: string): number {
  const { table, shift, out, all, wide, other } = a;
  let row = 0;
  let found = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    const next = table[row | (c < 128 ? c : (wide.get(c) ?? other))];
    if (next >= 0) row = next;
    else {
      row = ~next;
      found |= out[row >> shift];
      if (found === all) break;
    }
  }
  return found;
}

/** Extractors by identity, not id: two extractors (a test double, say) may share an id. */
const serials = new WeakMap<Extractor, number>();
let nextSerial = 0;

function serialOf(extractor: Extractor): number {
  let serial = serials.get(extractor);
  if (serial === undefined) serials.set(extractor, (serial = nextSerial++));
  return serial;
}

/** Automata by the extractors asked about (a handful per run: one per kind of file); bounded. */
const automata = new Map<string, Automaton[]>();
const MAX_AUTOMATA = 64;

function automataFor(withSignals: readonly Extractor[]): Automaton[] {
  const key = withSignals.map(serialOf).join(',');
  let list = automata.get(key);
  if (!list) {
    if (automata.size >= MAX_AUTOMATA) automata.clear();
    list = [];
    for (let i = 0; i < withSignals.length; i += MAX_PER_AUTOMATON) list.push(build(withSignals.slice(i, i + MAX_PER_AUTOMATON)));
    automata.set(key, list);
  }
  return list;
}

/**
 * The extractors of `withSignals` (each with a non-empty `signals` list) that have at least one
 * signal somewhere in `text`: the same answer as testing each extractor's signals on its own.
 */
export function extractorsSignalled(withSignals: readonly Extractor[], text: string): Set<Extractor> {
  const found = new Set<Extractor>();
  if (withSignals.length === 0) return found;
  for (const automaton of automataFor(withSignals)) {
    // An empty signal occurs in every text, the empty one included.
    const mask = scan(automaton, text) | automaton.out[0];
    automaton.extractors.forEach((e, bit) => {
      if (mask & (1 << bit)) found.add(e);
    });
  }
  return found;
}
