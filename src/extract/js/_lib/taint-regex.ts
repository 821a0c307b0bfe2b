// Regular-expression checks that never run the scanned pattern: a star-height test for ReDoS
// (a quantified group that itself contains an unbounded quantifier, as in `(a+)+` or `(\w*)*`),
// and a reader for the simple character classes used by sanitising `replace` calls.

interface Frame {
  unbounded: boolean;
}

/** Skips a `[...]` class starting at `i`; returns the index after `]`. */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Reads a quantifier at `i`: its length and whether it is unbounded, or undefined. */
function quantifier(p: string, i: number): { len: number; unbounded: boolean } | undefined {
  const c = p[i];
  if (c === '*' || c === '+') return { len: 1, unbounded: true };
  if (c === '?') return { len: 1, unbounded: false };
  if (c === '{') {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i, i + 16));
    if (!m) return undefined;
    const upper = m[3] === '' ? Infinity : Number(m[3]);
    return { len: m[0].length, unbounded: m[2] === ',' && (upper === Infinity || upper > 100) };
  }
  return undefined;
}

/** True for patterns with nested unbounded quantifiers (exponential backtracking). */
export function isNestedQuantifier(pattern: string): boolean {
  const stack: Frame[] = [{ unbounded: false }];
  let lastGroupUnbounded = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
      lastGroupUnbounded = false;
    } else if (c === '[') {
      i = skipClass(pattern, i);
      lastGroupUnbounded = false;
    } else if (c === '(') {
      stack.push({ unbounded: false });
      i++;
      if (pattern[i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(pattern.slice(i, i + 40));
        i += m ? m[0].length : 1;
      }
      lastGroupUnbounded = false;
      continue;
    } else if (c === ')') {
      const top = stack.length > 1 ? stack.pop() : undefined;
      lastGroupUnbounded = !!top?.unbounded;
      if (top?.unbounded) stack[stack.length - 1].unbounded = true;
      i++;
    } else {
      const q = quantifier(pattern, i);
      if (q) {
        if (q.unbounded) {
          if (lastGroupUnbounded) return true;
          stack[stack.length - 1].unbounded = true;
        }
        i += q.len;
        if (pattern[i] === '?' || pattern[i] === '+') i++;
        lastGroupUnbounded = false;
        continue;
      }
      i++;
      lastGroupUnbounded = false;
    }
  }
  return false;
}

/**
 * The characters a replace pattern keeps, when the pattern is a single negated class such as
 * `[^a-z0-9_-]` (optionally quantified). Returns a membership test or undefined.
 */
export function negatedClassKeeps(pattern: string): ((ch: string) => boolean) | undefined {
  const m = /^\[\^((?:\\.|[^\]\\])+)\][+*]?$/.exec(pattern);
  if (!m || m[1].length > 100) return undefined;
  const body = m[1];
  return (ch: string) => classHas(body, ch);
}

/** Membership of one character in a class body, read without building a RegExp. */
export function classHas(body: string, ch: string): boolean {
  const code = ch.charCodeAt(0);
  let i = 0;
  while (i < body.length) {
    let lo: number;
    let c = body[i];
    if (c === '\\') {
      const e = body[i + 1];
      i += 2;
      if (e === 'w' && /\w/.test(ch)) return true;
      if (e === 'd' && /\d/.test(ch)) return true;
      if (e === 's' && /\s/.test(ch)) return true;
      if (e === 'W' && !/\w/.test(ch)) return true;
      if (e === 'D' && !/\d/.test(ch)) return true;
      if (e === 'S' && !/\s/.test(ch)) return true;
      if ('wdsWDS'.includes(e)) continue;
      lo = e === 'n' ? 10 : e === 'r' ? 13 : e === 't' ? 9 : e.charCodeAt(0);
    } else {
      lo = c.charCodeAt(0);
      i++;
    }
    if (body[i] === '-' && i + 1 < body.length) {
      c = body[i + 1];
      let hi: number;
      if (c === '\\') {
        hi = body.charCodeAt(i + 2);
        i += 3;
      } else {
        hi = c.charCodeAt(0);
        i += 2;
      }
      if (code >= lo && code <= hi) return true;
    } else if (code === lo) return true;
  }
  return false;
}
