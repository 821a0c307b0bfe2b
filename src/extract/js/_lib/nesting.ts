// How deeply a JS/TS file nests brackets, read before parsing. oxc's parser recurses once per level
// without a limit and overflows the native stack — the whole process dies with SIGSEGV — at about
// 5,000 nested parentheses in the main thread and 4,000 nested objects in a worker thread (4 MiB
// stack). Hand-written code stays far below 100 levels; a file nested deeper than the limit here is
// generated or hostile, and is reported instead of parsed.

export const MAX_NESTING = 1500;

const enum C {
  Newline = 10,
  DoubleQuote = 34,
  Dollar = 36,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Slash = 47,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([...'(,=:[!&|?{};+-*%<>~^'].map((c) => c.charCodeAt(0)));

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/**
 * Whether the file nests brackets more than `limit` levels deep outside strings, template text,
 * comments and regular expressions (which are told from divisions by the preceding character, as a
 * parser-free reader must). A file shorter than twice the limit cannot, and is not scanned.
 */
export function nestsDeeperThan(text: string, limit = MAX_NESTING): boolean {
  if (text.length < 2 * limit) return false;
  if (!opensMoreThan(text, limit)) return false;
  let depth = 0;
  /** Brace depths at which an open template's `${` started: `}` at that depth resumes the template. */
  const templates: number[] = [];
  let previous = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const closesSubstitution = c === C.CloseBrace && templates.length > 0 && templates[templates.length - 1] === depth - 1;
    if (c === C.Backtick || closesSubstitution) {
      if (closesSubstitution) {
        templates.pop();
        depth--;
      }
      // Template text up to its closing backtick, or up to a `${`, which opens one level.
      const r = templateText(text, i + 1);
      i = r < 0 ? ~r : r;
      if (r < 0) {
        templates.push(depth);
        if (++depth > limit) return true;
      }
      previous = C.Backtick;
      continue;
    }
    if (c === C.OpenParen || c === C.OpenBracket || c === C.OpenBrace) {
      if (++depth > limit) return true;
    } else if (c === C.CloseParen || c === C.CloseBracket || c === C.CloseBrace) {
      if (depth > 0) depth--;
    } else if (c === C.SingleQuote || c === C.DoubleQuote) {
      i = skipString(text, i + 1, c);
      previous = c;
      continue;
    } else if (c === C.Slash) {
      const next = text.charCodeAt(i + 1);
      if (next === C.Slash) {
        const end = text.indexOf('\n', i + 2);
        i = end === -1 ? n : end;
        continue;
      }
      if (next === C.Star) {
        const end = text.indexOf('*/', i + 2);
        i = end === -1 ? n : end + 2;
        continue;
      }
      if (previous === 0 || BEFORE_REGEX.has(previous)) {
        i = skipRegex(text, i + 1);
        previous = C.Slash;
        continue;
      }
    }
    if (!isSpace(c)) previous = c;
    i++;
  }
  return false;
}

/**
 * Whether the text holds more than `limit` opening brackets anywhere (a `${` holds one): the depth
 * can be no greater, and most files have fewer, found by `indexOf` far faster than the scan.
 */
function opensMoreThan(text: string, limit: number): boolean {
  let opening = 0;
  for (const bracket of ['{', '(', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) if (++opening > limit) return true;
  }
  return false;
}

/** Index after the closing quote (or the line end: an unterminated string ends there). */
function skipString(text: string, i: number, quote: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Backslash) i++;
    else if (c === quote) return i + 1;
    else if (c === C.Newline) return i;
  }
  return i;
}

/**
 * Template text from `i`: the index after its closing backtick, or, when a `${` comes first, the
 * bitwise complement (`~`, negative) of the index after the `${`.
 */
function templateText(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Backslash) i++;
    else if (c === C.Backtick) return i + 1;
    else if (c === C.Dollar && text.charCodeAt(i + 1) === C.OpenBrace) return ~(i + 2);
  }
  return i;
}

/** Index after a regular expression literal's closing slash (classes may hold a slash). */
function skipRegex(text: string, i: number): number {
  let inClass = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Backslash) i++;
    else if (c === C.Newline) return i;
    else if (inClass) inClass = c !== C.CloseBracket;
    else if (c === C.OpenBracket) inClass = true;
    else if (c === C.Slash) return i + 1;
  }
  return i;
}
