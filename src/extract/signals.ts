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
   * Transitions by row: `table[(state << shift) | column]` is the next state, plus `flag` when a
   * signal ends there, so the scan reads `out` only there: one table read per character on most
   * characters instead of two. 16-bit entries while the states fit: the table of the JavaScript
   * extractors (about 12,000 states) is then 3 MB instead of 12 (32-bit row offsets, a column per
   * non-ASCII character of a signal), and its rows stay in cache between files far more often
   * (cache misses were about half the scan's time in a model build).
   */
  table: Uint16Array | Int32Array;
  flag: number;
  shift: number;
  /** Extractors (bit i: extractors[i]) with a signal ending at each state, suffixes included. */
  out: Int32Array;
  all: number;
  /**
   * The column of every UTF-16 code unit: each character some signal uses has its own, all others
   * share column 0 (from any state, each leads where the others do). A dense array, not a Map: a
   * tenth of some corpora's characters are non-ASCII (translations).
   */
  columns: Uint8Array | Uint16Array;
}

/** Extractors per automaton: one bit each in a 32-bit mask. */
const MAX_PER_AUTOMATON = 31;

function build(extractors: readonly Extractor[]): Automaton {
  const used = new Set<number>();
  for (const e of extractors) {
    for (const signal of e.signals ?? []) {
      for (let i = 0; i < signal.length; i++) used.add(signal.charCodeAt(i));
    }
  }
  let shift = 0;
  while (1 << shift <= used.size) shift++;
  const width = 1 << shift;
  const columns = used.size < 256 ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
  // In code order, so a row's letters (most of the text) share a cache line or two.
  [...used].sort((a, b) => a - b).forEach((c, i) => (columns[c] = i + 1));
  // The trie of the signals, a level at a time, so states are numbered breadth first: the shallow
  // states, where the scan spends most of its time, have neighbouring rows. Its edges are kept as
  // rows of a dense table (0: none, no edge leads back to the root) to find them while inserting,
  // and as a list per state (first, next) for the pass below, which overwrites the rows. A Map
  // per state made a build of the JavaScript extractors' signals take about 100 ms, run once per
  // kind of file, so mostly in the interpreter.
  const signals: string[] = [];
  const bits: number[] = [];
  let longest = 0;
  extractors.forEach((e, bit) => {
    for (const signal of e.signals ?? []) {
      signals.push(signal);
      bits.push(bit);
      if (signal.length > longest) longest = signal.length;
    }
  });
  let dense = new Int32Array(1024 * width);
  let ends = new Int32Array(1024);
  let firstEdge = new Int32Array(1024).fill(-1);
  let nextEdge = new Int32Array(1024);
  let edgeColumn = new Int32Array(1024);
  let count = 1;
  const at = new Int32Array(signals.length);
  // The empty signal ends at the root.
  for (let k = 0; k < signals.length; k++) if (signals[k].length === 0) ends[0] |= 1 << bits[k];
  for (let depth = 0; depth < longest; depth++) {
    for (let k = 0; k < signals.length; k++) {
      const signal = signals[k];
      if (signal.length <= depth) continue;
      const state = at[k];
      const column = columns[signal.charCodeAt(depth)];
      let next = dense[state * width + column];
      if (next === 0) {
        next = count++;
        if (count > ends.length) {
          dense = grow(dense, dense.length * 2);
          ends = grow(ends, ends.length * 2);
          firstEdge = grow(firstEdge, firstEdge.length * 2).fill(-1, firstEdge.length);
          nextEdge = grow(nextEdge, nextEdge.length * 2);
          edgeColumn = grow(edgeColumn, edgeColumn.length * 2);
        }
        dense[state * width + column] = next;
        // Edge `next` (each state but the root is the end of one edge).
        edgeColumn[next] = column;
        nextEdge[next] = firstEdge[state];
        firstEdge[state] = next;
      }
      at[k] = next;
      if (depth === signal.length - 1) ends[next] |= 1 << bits[k];
    }
  }
  // Failure links, breadth first: a state's failure state is shallower, so numbered before it, and
  // its row and output are complete when the state is reached. Where a state has no edge it moves
  // as its failure state does (a row copy), then its own edges are written, flagged where a
  // signal ends.
  const out = ends.slice(0, count);
  const flag = count <= 0x8000 ? 0x8000 : 0x40000000;
  const failure = new Int32Array(count);
  for (let e = firstEdge[0]; e !== -1; e = nextEdge[e]) {
    out[e] |= out[0];
    dense[edgeColumn[e]] = out[e] !== 0 ? e + flag : e;
  }
  for (let state = 1; state < count; state++) {
    const row = state * width;
    const failRow = failure[state] * width;
    dense.copyWithin(row, failRow, failRow + width);
    for (let e = firstEdge[state]; e !== -1; e = nextEdge[e]) {
      const via = dense[failRow + edgeColumn[e]];
      const fail = via >= flag ? via - flag : via;
      failure[e] = fail;
      out[e] |= out[fail];
      dense[row + edgeColumn[e]] = out[e] !== 0 ? e + flag : e;
    }
  }
  const size = count * width;
  const table = flag === 0x8000 ? Uint16Array.from(dense.subarray(0, size)) : dense.slice(0, size);
  return { extractors, table, flag, shift, out, all: 2 ** extractors.length - 1, columns };
}

function grow(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

/** The extractors of `asked` (bits) with a signal in `text`, and maybe others. */
function scan(a: Automaton, text: string, asked: number): number {
  const { table, flag, shift, out, columns } = a;
  let state = 0;
  let found = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    let next = table[(state << shift) | columns[text.charCodeAt(i)]];
    if (next >= flag) {
      next -= flag;
      found |= out[next];
      if ((found & asked) === asked) break;
    }
    state = next;
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

/** One automaton and which of its extractors (bits) a kind of file asks about. */
interface Use {
  automaton: Automaton;
  asked: number;
}

/** Automata by the extractors asked about (a handful per run: one per kind of file); bounded. */
const automata = new Map<string, Use[]>();
const MAX_AUTOMATA = 64;

/**
 * The automaton already built that answers for the most of `withSignals`, and which of its bits
 * they are: a kind of file that asks about fewer extractors (test files, say), or one more, scans
 * with it and keeps only its own bits (plus a small automaton for the others); the same answer,
 * since each bit depends on that extractor's signals alone. Building one for the JavaScript
 * extractors takes tens of milliseconds; sharing it also keeps one table in cache. Only where
 * most of its extractors are asked: a few extractors' small table scans faster than a big one.
 */
function reuse(withSignals: readonly Extractor[]): Use | undefined {
  let best: Use | undefined;
  let bestCount = 0;
  for (const uses of automata.values()) {
    for (const { automaton } of uses) {
      let asked = 0;
      let count = 0;
      for (const e of withSignals) {
        const bit = automaton.extractors.indexOf(e);
        if (bit >= 0 && !(asked & (1 << bit))) {
          asked |= 1 << bit;
          count++;
        }
      }
      if (count * 2 >= automaton.extractors.length && count > bestCount) {
        best = { automaton, asked };
        bestCount = count;
      }
    }
  }
  return best;
}

/** The last list asked about and its automata: files come in path order, runs of one kind. */
let lastAsked: readonly Extractor[] = [];
let lastUses: Use[] = [];

function sameList(a: readonly Extractor[], b: readonly Extractor[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function automataFor(withSignals: readonly Extractor[]): Use[] {
  if (sameList(withSignals, lastAsked)) return lastUses;
  lastUses = automataForKey(withSignals);
  lastAsked = [...withSignals];
  return lastUses;
}

function automataForKey(withSignals: readonly Extractor[]): Use[] {
  const key = withSignals.map(serialOf).join(',');
  let uses = automata.get(key);
  if (!uses) {
    uses = [];
    let rest = withSignals;
    const shared = reuse(withSignals);
    if (shared) {
      uses.push(shared);
      rest = withSignals.filter((e) => !shared.automaton.extractors.includes(e));
    }
    for (let i = 0; i < rest.length; i += MAX_PER_AUTOMATON) {
      const automaton = build(rest.slice(i, i + MAX_PER_AUTOMATON));
      uses.push({ automaton, asked: automaton.all });
    }
    if (automata.size >= MAX_AUTOMATA) automata.clear();
    automata.set(key, uses);
  }
  return uses;
}

/**
 * The extractors of `withSignals` (each with a non-empty `signals` list) that have at least one
 * signal somewhere in `text`: the same answer as testing each extractor's signals on its own.
 */
export function extractorsSignalled(withSignals: readonly Extractor[], text: string): Set<Extractor> {
  const found = new Set<Extractor>();
  if (withSignals.length === 0) return found;
  for (const { automaton, asked } of automataFor(withSignals)) {
    // An empty signal occurs in every text, the empty one included.
    const mask = (scan(automaton, text, asked) | automaton.out[0]) & asked;
    automaton.extractors.forEach((e, bit) => {
      if (mask & (1 << bit)) found.add(e);
    });
  }
  return found;
}
