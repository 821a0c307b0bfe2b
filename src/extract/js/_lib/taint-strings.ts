// Strings built from parts (templates, concatenation, `+=`, format functions): whether request
// data is in them, where it lands in a URL, and what literal text surrounds it (SQL, HTML).
import { type AV, bits, type Flags, isTainted, type Tri } from './taint-types.js';
import { flagsOf, looksHtml, looksSql, mergeTaint, posAfter } from './taint-value.js';

/** Data already safe as a URL target (the browser-set Host or Referer): positions come after it. */
function urlSafe(v: AV): boolean {
  return !v.params?.length && !!v.src?.length && v.src.every((o) => ((o.clean ?? 0) & REDIRECT) !== 0) && (flagsOf(v).clean & REDIRECT_OR_SSRF) !== 0;
}

const REDIRECT = bits('redirect');
const REDIRECT_OR_SSRF = bits('redirect', 'ssrf');

/** A loopback URL (any port, fixed or not) and the path after it (cut at the first value). */
const SELF_URL = /^https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::[^/]*)?(\/[^?#]*)/;

/** One bit per URL position, to tell which positions parameters landed at without listing them. */
const POS_BIT: Record<Flags['pos'], number> = { path: 1, host: 2, inherit: 4, prefix: 8 };

/** A string built from parts: taint, where it lands (URL position), and the literal context. */
export function buildString(parts: { text?: string; value?: AV }[]): AV | undefined {
  let prefix = '';
  let all = '';
  let constant = true;
  let taint: AV | undefined;
  let pos: Flags['pos'] | undefined;
  // Where the first URL-safe part landed: the position of a string whose request data is all URL-safe
  // (`https://fixed.host/?u=${encodeURIComponent(x)}` is in the path, whatever it is merged with later).
  let safePos: Flags['pos'] | undefined;
  let sqlish: Tri = 'no';
  let html: Tri = 'no';
  let clean = -1;
  // The parameter member all the request data came from (`${base}${opts.endpoint}`), if one.
  let field: string | undefined | null = null;
  // All text before the current part (`\u0000` for values), and where each parameter first lands:
  // in `${apiUrl}${path}` a caller's request path is after the base, whatever the base is.
  let before = '';
  let paramPos: Record<number, Flags['pos']> | undefined;
  let landed = 0;
  for (const part of parts) {
    const v = part.value;
    if (isTainted(v)) {
      const f = flagsOf(v);
      for (const pid of v.params ?? []) {
        paramPos ??= {};
        if (paramPos[pid] === undefined) {
          paramPos[pid] = before === '' ? f.pos : posAfter(before);
          landed |= POS_BIT[paramPos[pid]];
        }
      }
      before += '\u0000';
      field = field === null || field === f.field ? f.field : undefined;
      if (pos === undefined) {
        if (urlSafe(v)) {
          safePos ??= posAfter(prefix);
          prefix += '\u0000';
        } else {
          pos = prefix === '' ? f.pos : posAfter(prefix);
          // A request path (`req.url`, a URL's `pathname`, h3's `getRequestPath(event)`) after a
          // fixed host starts with '/': it cannot change the host.
          if (pos === 'host' && v.src?.every((o) => /\.(?:url|originalUrl|path|pathname)$|^getRequestPath\(/.test(o.label))) pos = 'path';
          // `base + \`/api/items/${id}\``: a part whose own request data already sits in a path (after
          // its literal `/api/items/`) stays in the path after a fixed host, as for call arguments.
          if (pos === 'host' && f.pos === 'path') pos = 'path';
        }
      }
      taint = mergeTaint(taint, v);
      clean &= f.clean;
      if (f.sqlish !== 'no') sqlish = sqlish === 'yes' ? 'yes' : f.sqlish;
      if (f.html !== 'no') html = html === 'yes' ? 'yes' : f.html;
      constant = false;
      continue;
    }
    const text = part.text ?? (part.value as AV | undefined)?.text;
    if (text === undefined) {
      constant = false;
      if (pos === undefined) prefix += '\u0000';
      before += '\u0000';
      continue;
    }
    if (pos === undefined) prefix += text;
    before += text;
    all += text;
  }
  if (!taint) return constant ? { text: all } : undefined;
  if (looksSql(all)) sqlish = 'yes';
  if (looksHtml(all)) html = 'yes';
  const flags: Flags = { shape: 'string', whole: 'no', pos: pos ?? safePos ?? 'prefix', sqlish, html, clean: clean < 0 ? 0 : clean };
  if (field && !taint.src?.length) flags.field = field;
  const out: AV = { src: taint.src, params: taint.params, flags, steps: taint.steps };
  // Only worth keeping when some parameter lands elsewhere than the string as a whole.
  if (paramPos && landed & ~POS_BIT[flags.pos]) out.paramPos = paramPos;
  if (flags.pos === 'path' && prefix.startsWith('http')) {
    const page = SELF_URL.exec(prefix)?.[1].split('\u0000')[0];
    if (page) out.selfPage = page;
  }
  return out;
}
