// oxc's raw transfer on Node 20. The parser can hand its AST over as the bytes of its own arena,
// which oxc's generated deserialiser turns into the same ESTree objects about three times faster
// than the default route (Rust serialises JSON, JS parses it) — the single largest cost of a model
// build. oxc-parser enables it only on Node 22+, because its probe of the 6 GiB buffer's address
// views the whole buffer and Node 20 caps a typed array at 4 GiB; a 16-byte view answers the same
// question. Everything else is oxc's own code (pinned version: the deserialiser reads fixed offsets
// of that version's arena layout). Any failure — no 64-bit little-endian binding, the 6 GiB of
// address space refused, a source too long, a tree too deep for the recursive deserialiser — sends
// the file (for the first two, every file) down the default route. Raw and default give equal
// ASTs on every fixture file of this repository (oxc-raw.test.ts).
import { getBufferOffset, parseRawSync, rawTransferSupported } from 'oxc-parser/src-js/bindings.js';
import { ACTIVE_SIZE, BLOCK_ALIGN, BLOCK_SIZE, BUFFER_SIZE, DATA_POINTER_POS_32, IS_TS_FLAG_POS } from 'oxc-parser/src-js/generated/constants.js';
import { deserialize as deserializeJs } from 'oxc-parser/src-js/generated/deserialize/js.js';
import { deserialize as deserializeTs } from 'oxc-parser/src-js/generated/deserialize/ts.js';
import type { EcmaScriptModule, OxcError, ParserOptions, Program } from 'oxc-parser';
import { readModuleAndErrors } from './oxc-raw-module.js';

export interface RawParse {
  program: Program;
  module: EcmaScriptModule;
  errors: OxcError[];
}

interface ArenaBuffer extends Uint8Array {
  int32: Int32Array;
  float64: Float64Array;
  /** The whole block Rust allocates in (arena metadata included). */
  block: Uint8Array;
}

/** TextEncoder cannot write more than 1 GiB at once, and UTF-8 takes up to 3 bytes per UTF-16 unit. */
const MAX_SOURCE_UNITS = (1 << 30) / 3;

let state: 'untried' | 'on' | 'off' = process.env.THREATCODE_OXC_RAW === '0' ? 'off' : 'untried';
/** One arena per thread, reused for every file (each parse overwrites it). */
let arena: ArenaBuffer | undefined;
const encoder = new TextEncoder();

function createArena(): ArenaBuffer {
  const whole = new ArrayBuffer(BLOCK_SIZE + BLOCK_ALIGN);
  const offset = getBufferOffset(new Uint8Array(whole, 0, 16));
  const buffer = new Uint8Array(whole, offset, BUFFER_SIZE) as ArenaBuffer;
  buffer.int32 = new Int32Array(whole, offset, BUFFER_SIZE / 4);
  buffer.float64 = new Float64Array(whole, offset, BUFFER_SIZE / 8);
  buffer.block = new Uint8Array(whole, offset, BLOCK_SIZE);
  return buffer;
}

/** Whether this thread parses by raw transfer (false where oxc's binding or the arena is unavailable). */
export function rawTransferAvailable(): boolean {
  if (state === 'untried') {
    try {
      state = rawTransferSupported() ? 'on' : 'off';
      if (state === 'on') arena = createArena();
    } catch {
      state = 'off';
    }
  }
  return state === 'on';
}

/** Where Rust left a file's parse in the arena (undefined: take the default route). */
interface ArenaParse {
  buffer: ArenaBuffer;
  sourceStart: number;
  written: number;
}

function parseIntoArena(filename: string, source: string, options: ParserOptions): ArenaParse | undefined {
  if (source.length > MAX_SOURCE_UNITS || !rawTransferAvailable()) return undefined;
  const buffer = arena!;
  // The source goes at the end of the active region, where Rust expects it.
  const maxBytes = source.length * 3;
  const sourceStart = ACTIVE_SIZE - maxBytes;
  const { read, written } = encoder.encodeInto(source, new Uint8Array(buffer.buffer, buffer.byteOffset + sourceStart, maxBytes));
  if (read !== source.length) return undefined;
  try {
    parseRawSync(filename, buffer.block, sourceStart, written, options);
  } catch {
    state = 'off';
    return undefined;
  }
  return { buffer, sourceStart, written };
}

/**
 * Only the module record and the errors, by raw transfer, without the syntax tree: for files whose
 * imports are all that is read (test files, see imports/module-record.ts). Read from the arena at
 * once (oxc-raw-module.ts), as the next parse overwrites it.
 */
export function parseRawModule(filename: string, source: string, options: ParserOptions): Omit<RawParse, 'program'> | undefined {
  const parse = parseIntoArena(filename, source, options);
  if (!parse) return undefined;
  return readModuleAndErrors({ uint8: parse.buffer, int32: parse.buffer.int32 }, parse.buffer.int32[DATA_POINTER_POS_32]);
}

/** The AST by raw transfer, or undefined when raw transfer cannot be used (take the default route). */
export function parseRaw(filename: string, source: string, options: ParserOptions): RawParse | undefined {
  const parse = parseIntoArena(filename, source, options);
  if (!parse) return undefined;
  const { buffer, sourceStart, written } = parse;
  const isJs = buffer[IS_TS_FLAG_POS] === 0;
  try {
    return (isJs ? deserializeJs : deserializeTs)(buffer, source, sourceStart, written);
  } catch {
    // The deserialiser recurses once per level of the tree: an operator chain a few thousand long
    // (generated code) overflows the JS stack, where the default route's JSON.parse does not.
    return undefined;
  }
}
