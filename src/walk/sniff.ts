import { isMinifiable } from './classify.js';
import { isLockfile } from './limits.js';
import type { SkipDecision } from './classify.js';

/** How much of each file the walk reads to classify it. */
export const SNIFF_BYTES = 8 * 1024;

/** Lines at the top of a file searched for a generated-code marker. */
const HEADER_LINES = 10;
/** Bytes at the start of the sample whose control-byte share is measured (NULs are sought in all of it). */
const CONTROL_WINDOW = 2048;
/** More than this share of control bytes means binary. */
const CONTROL_RATIO = 0.1;
/** Average line length above which code counts as minified (GitHub Linguist uses 110). */
const MINIFIED_AVERAGE_LINE = 110;
/** A single line this long inside the sample means a bundle, whatever the average. */
const MINIFIED_MAX_LINE = 5000;
/** Files smaller than this are never judged minified: too little text to tell. */
const MINIFIED_MIN_BYTES = 512;
const NEWLINE = 10;

/** 1 for control bytes that do not occur in text (tab, newlines, form feed and escape do). */
const CONTROL = new Uint8Array(256);
for (let byte = 0; byte < 32; byte++) CONTROL[byte] = byte >= 9 && byte <= 13 ? 0 : 1;
CONTROL[27] = 0;
CONTROL[127] = 1;

/*
 * Everything here works on bytes with native searches (Buffer#indexOf): the walk sniffs every
 * file, and decoding 8 KiB samples to strings would cost more than reading them.
 */

export function looksBinary(sample: Buffer): string | null {
  if (sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))) {
    return 'UTF-16 text (not supported)';
  }
  if (sample.indexOf(0) >= 0) return 'contains NUL bytes';
  const window = Math.min(sample.length, CONTROL_WINDOW);
  let control = 0;
  for (let i = 0; i < window; i++) control += CONTROL[sample[i]];
  if (window > 0 && control / window > CONTROL_RATIO) return 'mostly control bytes';
  return null;
}

// Built from parts so this file does not carry the marker itself when threatcode scans itself.
const MARKER_GENERATED = ['@', 'generated'].join('');
const MARKER_DO_NOT_EDIT = ['DO NOT', 'EDIT'].join(' ');

function isWordByte(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte === 95;
}

function containsWord(region: Buffer, word: string): boolean {
  for (let at = region.indexOf(word); at >= 0; at = region.indexOf(word, at + 1)) {
    if (!isWordByte(region[at + word.length]) && !isWordByte(region[at - 1])) return true;
  }
  return false;
}

export function hasGeneratedHeader(sample: Buffer): boolean {
  let end = -1;
  for (let line = 0; line < HEADER_LINES; line++) {
    const next = sample.indexOf(NEWLINE, end + 1);
    if (next < 0) {
      end = sample.length;
      break;
    }
    end = next;
  }
  const header = sample.subarray(0, end);
  return containsWord(header, MARKER_GENERATED) || containsWord(header, MARKER_DO_NOT_EDIT);
}

/** Average and longest line length (bytes, without the newline); a cut-off last line counts as it is. */
export function lineStats(sample: Buffer): { average: number; max: number; lines: number } {
  const length = sample.length > 0 && sample[sample.length - 1] === NEWLINE ? sample.length - 1 : sample.length;
  let lines = 0;
  let max = 0;
  let start = 0;
  while (true) {
    let end = sample.indexOf(NEWLINE, start);
    if (end < 0 || end > length) end = length;
    if (end - start > max) max = end - start;
    lines++;
    if (end >= length) break;
    start = end + 1;
  }
  return { average: (length - (lines - 1)) / lines, max, lines };
}

export function looksMinified(sample: Buffer, fileSize: number): boolean {
  if (fileSize < MINIFIED_MIN_BYTES) return false;
  const { average, max } = lineStats(sample);
  return average > MINIFIED_AVERAGE_LINE || max >= MINIFIED_MAX_LINE;
}

/**
 * Classifies a file from the first SNIFF_BYTES of its content: binary (NUL bytes, UTF-16, or
 * mostly control bytes), generated (a marker in the first lines), or minified (line lengths; only
 * JS/CSS/HTML). Lockfiles are never generated or minified for this purpose: they carry generated
 * markers but are exactly the dependency facts we want.
 */
export function sniffContent(path: string, sample: Buffer, fileSize: number): SkipDecision | null {
  const binary = looksBinary(sample);
  if (binary) return { code: 'skipped-binary', level: 'info', message: `binary content (${binary})` };
  if (isLockfile(path)) return null;
  if (hasGeneratedHeader(sample)) {
    return { code: 'skipped-generated', level: 'info', message: 'generated file (marker in the first lines)' };
  }
  if (isMinifiable(path) && looksMinified(sample, fileSize)) {
    return { code: 'skipped-minified', level: 'info', message: 'minified or bundled code (very long lines)' };
  }
  return null;
}
