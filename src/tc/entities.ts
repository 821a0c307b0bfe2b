// HTML character references as the importer's HTML parser decodes them in text, before the
// sanitiser re-escapes `& < >`. Covers numeric references, the 106 "legacy" names that work
// without a semicolon (Latin-1 plus amp/lt/gt/quot) and a set of common semicolon-terminated
// names; any other named reference is left as literal text (a known, documented gap).

/** Latin-1 names for U+00A0..U+00FF in code-point order; all are legacy (semicolon optional). */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot ' +
  'cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml ' +
  'Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ' +
  'ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const LEGACY_EXTRA: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', AMP: '&', LT: '<', GT: '>', QUOT: '"', COPY: '©', REG: '®' };

/** Names that decode only with their semicolon. */
const TERMINATED: Record<string, number> = {
  apos: 0x27, hellip: 0x2026, mdash: 0x2014, ndash: 0x2013, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c,
  rdquo: 0x201d, bdquo: 0x201e, bull: 0x2022, trade: 0x2122, euro: 0x20ac, larr: 0x2190, uarr: 0x2191, rarr: 0x2192,
  darr: 0x2193, harr: 0x2194, lArr: 0x21d0, rArr: 0x21d2, hArr: 0x21d4, le: 0x2264, ge: 0x2265, ne: 0x2260, minus: 0x2212,
  infin: 0x221e, dagger: 0x2020, Dagger: 0x2021, permil: 0x2030, lsaquo: 0x2039, rsaquo: 0x203a, prime: 0x2032,
  Prime: 0x2033, ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  check: 0x2713, Tab: 0x09, NewLine: 0x0a, colon: 0x3a, semi: 0x3b, comma: 0x2c, period: 0x2e, excl: 0x21, quest: 0x3f,
  lpar: 0x28, rpar: 0x29, lsqb: 0x5b, rsqb: 0x5d, lbrace: 0x7b, rbrace: 0x7d, sol: 0x2f, bsol: 0x5c, equals: 0x3d,
  num: 0x23, dollar: 0x24, percnt: 0x25, ast: 0x2a, plus: 0x2b, verbar: 0x7c, grave: 0x60, Hat: 0x5e, lowbar: 0x5f,
};

const LEGACY = new Map<string, string>(Object.entries(LEGACY_EXTRA));
LATIN1.split(' ').forEach((name, index) => LEGACY.set(name, String.fromCodePoint(0xa0 + index)));

/** Windows-1252 meanings of C1 code points, which HTML numeric references map to. */
const C1: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(C1[code] ?? code);
}

const NUMERIC = /^&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?/;
const NAMED = /^&([A-Za-z][A-Za-z0-9]*)(;?)/;

/** Decodes one reference at the start of `text`; returns the replacement and how much it used. */
function decodeAt(text: string): { value: string; length: number } | undefined {
  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
    return { value: fromCodePoint(Number.isFinite(code) ? code : 0x110000), length: numeric[0].length };
  }
  const named = NAMED.exec(text);
  if (!named) return undefined;
  const [, name, semicolon] = named;
  if (semicolon && TERMINATED[name] !== undefined) return { value: String.fromCodePoint(TERMINATED[name]), length: name.length + 2 };
  if (semicolon && LEGACY.has(name)) return { value: LEGACY.get(name) ?? '', length: name.length + 2 };
  // Without a semicolon (or an unknown name), the longest legacy name that prefixes it wins.
  for (let end = name.length; end > 1; end--) {
    const prefix = name.slice(0, end);
    const value = LEGACY.get(prefix);
    if (value !== undefined) return { value, length: end + 1 };
  }
  return undefined;
}

/** Decodes the character references in a run of HTML text. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let index = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', index)) {
    const decoded = decodeAt(text.slice(amp, amp + 40));
    if (!decoded) {
      out += text.slice(index, amp + 1);
      index = amp + 1;
      continue;
    }
    out += text.slice(index, amp) + decoded.value;
    index = amp + decoded.length;
  }
  return out + text.slice(index);
}
