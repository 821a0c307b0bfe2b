// Text helpers for readers that scan source text with regular expressions (security DSLs, config
// files): comments blanked out with their length kept, so offsets and lines stay true.

/**
 * Replaces `//` and `/* *\/` comments with spaces (line breaks kept), leaving string and character
 * literals alone. Works for Java, Kotlin, C#, PHP and JavaScript-like syntax; `#` comments are
 * handled when `hash` is set (PHP, Ruby-like).
 */
export function blankComments(text: string, hash = false): string {
  // Jumps from one quote, slash or hash to the next and copies the text between in slices: a
  // character-by-character copy of every file was the most expensive part of some readers.
  const special = hash ? /["'`/#]/g : /["'`/]/g;
  const n = text.length;
  let out = '';
  let copied = 0;
  const blank = (from: number, to: number) => {
    out += text.slice(copied, from) + text.slice(from, to).replace(/[^\n]/g, ' ');
    copied = to;
  };
  let i = 0;
  while (i < n) {
    special.lastIndex = i;
    const found = special.exec(text);
    if (!found) break;
    i = found.index;
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      // Text blocks and triple-quoted strings close on the same quote run.
      const triple = text.startsWith(c.repeat(3), i) && c === '"';
      const close = triple ? '"""' : c;
      let k = i + close.length;
      while (k < n && !text.startsWith(close, k)) {
        if (text[k] === '\\') k++;
        else if (!triple && text[k] === '\n' && c !== '`') break;
        k++;
      }
      i = k + close.length;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      blank(i, end === -1 ? n : end);
      i = end === -1 ? n : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, end === -1 ? n : end + 2);
      i = end === -1 ? n : end + 2;
    } else if (hash && c === '#') {
      const end = text.indexOf('\n', i);
      blank(i, end === -1 ? n : end);
      i = end === -1 ? n : end;
    } else i++;
  }
  return out + text.slice(copied);
}

/** 1-based line of a character offset (linear: for a handful of lookups per file). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** String literal contents in an argument list text: `"a", HttpMethod.GET, "b"` → ['a', 'b']. */
export function stringsIn(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
}
