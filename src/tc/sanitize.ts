// Emulation of what Threat Composer's import does to every string before validating it (research
// §2 step 2): an HTML sanitiser with no allowed tags. Markup is dropped (with the contents of
// script, style, textarea and option), character references are decoded, and the text is
// re-escaped so `&`, `<` and `>` come out as `&amp;`, `&lt;` and `&gt;`. Written from the
// documented behaviour of an HTML tokenizer; lengths are checked on this output.
import { decodeEntities } from './entities.js';

type HtmlToken = { kind: 'text'; value: string } | { kind: 'open'; name: string } | { kind: 'close'; name: string };

/** Elements whose text the sanitiser drops along with the tag. */
const NON_TEXT = new Set(['script', 'style', 'textarea', 'option']);
/** Elements whose content the tokenizer reads as plain text up to the matching end tag. */
const RAW_TEXT = new Set(['script', 'style', 'title']);
/** Elements that never have content (open and close at once). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** An opening tag that closes these still-open elements first. */
const IMPLIES_CLOSE: Record<string, readonly string[]> = { option: ['option'], optgroup: ['option', 'optgroup'], select: ['option', 'optgroup'] };

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);

function skipSpaces(input: string, from: number): number {
  let i = from;
  while (i < input.length && isSpace(input[i])) i++;
  return i;
}

/** Index just past the `>` that ends an opening tag whose name starts at `from`; -1 at end of input. */
function openTagEnd(input: string, from: number): number {
  let i = from;
  while (i < input.length && !isSpace(input[i]) && input[i] !== '/' && input[i] !== '>') i++;
  while (i < input.length) {
    const c = input[i];
    if (c === '>') return i + 1;
    if (isSpace(c) || c === '/') {
      i++;
      continue;
    }
    while (i < input.length && !isSpace(input[i]) && !'/>='.includes(input[i])) i++;
    i = skipSpaces(input, i);
    if (input[i] !== '=') continue;
    i = skipSpaces(input, i + 1);
    const quote = input[i];
    if (quote === '"' || quote === "'") {
      const close = input.indexOf(quote, i + 1);
      if (close === -1) return -1;
      i = close + 1;
    } else {
      while (i < input.length && !isSpace(input[i]) && input[i] !== '>') i++;
    }
  }
  return -1;
}

function tagName(input: string, from: number): string {
  let i = from;
  while (i < input.length && !isSpace(input[i]) && input[i] !== '/' && input[i] !== '>') i++;
  return input.slice(from, i).toLowerCase();
}

/** Start of the end tag `</name` (followed by space, `/`, `>` or the end) at or after `from`. */
function rawTextEnd(input: string, from: number, name: string): number {
  const lower = input.toLowerCase();
  for (let at = lower.indexOf(`</${name}`, from); at !== -1; at = lower.indexOf(`</${name}`, at + 1)) {
    const after = input[at + name.length + 2];
    if (after === undefined || after === '/' || after === '>' || isSpace(after)) return at;
  }
  return -1;
}

/** Splits `input` into text and tag events the way a forgiving HTML tokenizer does. */
function tokenize(input: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let textStart = 0;
  let i = 0;
  const text = (end: number): void => {
    if (end > textStart) tokens.push({ kind: 'text', value: input.slice(textStart, end) });
  };
  while (i < input.length) {
    if (input[i] !== '<') {
      i++;
      continue;
    }
    const next = input[i + 1];
    if (isAlpha(next)) {
      const end = openTagEnd(input, i + 1);
      text(i);
      if (end === -1) return tokens; // an unterminated tag is dropped with the rest of the input
      const name = tagName(input, i + 1);
      tokens.push({ kind: 'open', name });
      i = textStart = end;
      if (!RAW_TEXT.has(name)) continue;
      const close = rawTextEnd(input, i, name);
      if (close === -1) {
        text(input.length);
        return tokens;
      }
      text(close);
      const closeEnd = input.indexOf('>', close);
      if (closeEnd === -1) return tokens;
      tokens.push({ kind: 'close', name });
      i = textStart = closeEnd + 1;
    } else if (next === '/') {
      const j = skipSpaces(input, i + 2);
      if (j >= input.length) break; // a bare `</` at the end stays text
      text(i);
      if (input[j] === '>') {
        i = textStart = j + 1;
        continue;
      }
      const end = input.indexOf('>', j);
      if (isAlpha(input[j])) {
        if (end === -1) return tokens;
        tokens.push({ kind: 'close', name: tagName(input, j) });
      } else if (end === -1) {
        textStart = j; // a bogus comment cut off by the end of input comes back as text
        break;
      }
      i = textStart = end + 1;
    } else if (next === '!' || next === '?') {
      text(i);
      const comment = input.startsWith('!--', i + 1);
      const cdata = input.startsWith('![CDATA[', i + 1);
      const closer = comment ? '-->' : cdata ? ']]>' : '>';
      const end = input.indexOf(closer, i + (comment ? 4 : cdata ? 9 : 2));
      if (end === -1) {
        if (comment || cdata) return tokens;
        textStart = i + 2; // an unterminated declaration or instruction loses only its opener
        break;
      }
      i = textStart = end + closer.length;
    } else {
      i++; // a `<` that starts no tag is text
    }
  }
  text(input.length);
  return tokens;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The string the importer stores (and validates) for `input`. */
export function sanitizeText(input: string): string {
  if (!/[<>&]/.test(input)) return input;
  const open: string[] = [];
  // Depth of the open element whose text is being dropped; -1 while text is kept.
  let skipFrom = -1;
  let out = '';
  const closeElement = (): void => {
    open.pop();
    if (open.length <= skipFrom) skipFrom = -1;
  };
  for (const token of tokenize(input)) {
    if (token.kind === 'text') {
      if (skipFrom === -1) out += escapeText(decodeEntities(token.value));
    } else if (token.kind === 'open') {
      for (const implied of IMPLIES_CLOSE[token.name] ?? []) {
        if (open[open.length - 1] === implied) closeElement();
      }
      if (VOID.has(token.name)) continue;
      if (skipFrom === -1 && NON_TEXT.has(token.name)) skipFrom = open.length;
      open.push(token.name);
    } else {
      const at = open.lastIndexOf(token.name);
      if (at === -1) continue; // an end tag with nothing to close is ignored
      while (open.length > at) closeElement();
    }
  }
  return out;
}

/** Sanitises every string inside a parsed JSON value (keys stay as they are). */
export function sanitizeValue(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (Array.isArray(value)) return value.map(sanitizeValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      // defineProperty keeps a `__proto__` key an ordinary own property, as JSON.parse made it.
      Object.defineProperty(out, key, { value: sanitizeValue(inner), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
