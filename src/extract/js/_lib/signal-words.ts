// Signals for short names (`http`, `got`, `ky`, `$`) that also occur inside unrelated words: what
// necessarily follows the name when an extractor can key on it. A module specifier or a computed
// key is a string, so the name is followed by its closing quote (`'node:http'`, `this['http']`); a
// name used as an object or a callee is followed by a member access, a call, the end of a wrapper
// (`($).get`, `$!.get`, `$ as any`), a comment or white space. Not seen: names assembled at run
// time (`require('g' + 'ot')`) or written with escapes, which no text signal can see.

/** ECMAScript WhiteSpace and LineTerminator code points. */
const SPACE = ['\t', '\v', '\f', ' ', '\u00a0', '\ufeff', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000', '\n', '\r', '\u2028', '\u2029'];

/** `name` closing a string literal or template: `'got'`, `"node:http"`, `` `ky` ``. */
export function stringEnd(name: string): string[] {
  return ["'", '"', '`'].map((quote) => name + quote);
}

/** `name` as the object of a member access: `$.get`, `$?.get`, `$['get']`, `($).get`, `$!.get`, `$<T>`, or a comment or space next. */
export function objectEnd(name: string): string[] {
  return ['.', '?', '[', ')', '!', '<', '/*', '//', ...SPACE].map((next) => name + next);
}

/** `name` as an object or called itself: `ky.get(...)`, `ky(...)`. */
export function calleeEnd(name: string): string[] {
  return [...objectEnd(name), `${name}(`];
}

/** Every spelling of `fragment` in upper and lower case, for names the code compares case-blind. */
export function anyCase(fragment: string): string[] {
  let out = [''];
  for (const ch of fragment) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out = lower === upper ? out.map((s) => s + ch) : out.flatMap((s) => [s + lower, s + upper]);
  }
  return out;
}
