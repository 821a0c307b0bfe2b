// A small HCL2 reader for Terraform files: blocks (`resource "t" "n" { ... }`), attributes and the
// values threatcode needs (strings, numbers, booleans, lists, objects, `jsonencode(...)` calls,
// heredocs and references such as `aws_iam_role.app.arn`). Anything else (conditionals,
// for-expressions, arithmetic) is kept as raw text. Bounded: depth and size limits, never throws
// on malformed input (a broken block ends at the end of the file).

export type HclValue = string | number | boolean | null | HclValue[] | HclObject | HclRef | HclCall | HclRaw;
export interface HclObject {
  [key: string]: HclValue;
}
export interface HclRef {
  ref: string;
}
export interface HclCall {
  call: string;
  args: HclValue[];
}
export interface HclRaw {
  raw: string;
}

export interface HclAttribute {
  name: string;
  value: HclValue;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

const MAX_DEPTH = 64;

type TokenKind = 'ident' | 'string' | 'heredoc' | 'number' | 'punct' | 'newline' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, text: string, at = line) => tokens.push({ kind, text, line: at });
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      push('newline', '\n');
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (; i < stop; i++) if (src[i] === '\n') line++;
    } else if (c === '"') {
      const start = line;
      let text = '';
      let depth = 0;
      i++;
      while (i < src.length) {
        const ch = src[i];
        if (ch === '\\' && i + 1 < src.length) {
          const next = src[i + 1];
          text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        if (ch === '$' && src[i + 1] === '{') depth++;
        else if (ch === '}' && depth > 0) depth--;
        else if (ch === '"' && depth === 0) break;
        if (ch === '\n') {
          if (depth === 0) break;
          line++;
        }
        text += ch;
        i++;
      }
      i++;
      push('string', text, start);
    } else if (c === '<' && src[i + 1] === '<' && /^<<-?([A-Za-z_]\w*)\r?\n/.test(src.slice(i, i + 64))) {
      const m = /^<<(-?)([A-Za-z_]\w*)\r?\n/.exec(src.slice(i, i + 64));
      if (!m) break;
      const start = line;
      i += m[0].length;
      line++;
      const lines: string[] = [];
      while (i < src.length) {
        const nl = src.indexOf('\n', i);
        const end = nl < 0 ? src.length : nl;
        const current = src.slice(i, end).replace(/\r$/, '');
        i = end + 1;
        if (current.trim() === m[2]) {
          line++;
          break;
        }
        lines.push(current);
        line++;
      }
      push('heredoc', lines.join('\n'), start);
      push('newline', '\n', line - 1);
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[\w-]/.test(src[j])) j++;
      push('ident', src.slice(i, j));
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < src.length && /[0-9.eE]/.test(src[j])) j++;
      push('number', src.slice(i, j));
      i = j;
    } else {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||', '=>', '...'].includes(two)) {
        push('punct', two);
        i += 2;
      } else {
        push('punct', c);
        i++;
      }
    }
  }
  push('eof', '');
  return tokens;
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  body(depth: number, closing: string | undefined): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'eof') return { attributes, blocks };
      if (closing && t.kind === 'punct' && t.text === closing) {
        this.next();
        return { attributes, blocks };
      }
      if (t.kind !== 'ident') {
        this.next();
        continue;
      }
      const after = this.peek(1);
      if (after.kind === 'punct' && (after.text === '=' || after.text === ':')) {
        this.next();
        this.next();
        attributes.push({ name: t.text, value: this.expression(depth, ['\n']), line: t.line });
        continue;
      }
      // A block: type, labels, `{`.
      this.next();
      const labels: string[] = [];
      while (this.peek().kind === 'string' || this.peek().kind === 'ident') labels.push(this.next().text);
      if (this.peek().kind === 'punct' && this.peek().text === '{' && depth < MAX_DEPTH) {
        this.next();
        const inner = this.body(depth + 1, '}');
        blocks.push({ type: t.text, labels, line: t.line, ...inner });
      }
    }
  }

  /** An expression up to a terminator at bracket depth 0 (newline in bodies, `,` or closer in collections). */
  expression(depth: number, terminators: string[]): HclValue {
    const start = this.i;
    const value = this.primary(depth);
    const t = this.peek();
    const ends = (tok: Token) => tok.kind === 'eof' || (tok.kind === 'newline' ? terminators.includes('\n') : tok.kind === 'punct' && terminators.includes(tok.text));
    if (ends(t)) return value;
    // Something more (an operator, a conditional): keep the whole expression as raw text.
    this.i = start;
    return { raw: this.rawUntil(terminators) };
  }

  private rawUntil(terminators: string[]): string {
    let depth = 0;
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (depth === 0 && (t.kind === 'newline' ? terminators.includes('\n') : t.kind === 'punct' && terminators.includes(t.text))) break;
      if (t.kind === 'punct' && ['(', '[', '{'].includes(t.text)) depth++;
      if (t.kind === 'punct' && [')', ']', '}'].includes(t.text)) {
        if (depth === 0) break;
        depth--;
      }
      this.next();
      if (t.kind !== 'newline') parts.push(t.kind === 'string' ? JSON.stringify(t.text) : t.text);
    }
    return parts.join(' ');
  }

  private primary(depth: number): HclValue {
    const t = this.peek();
    if (depth > MAX_DEPTH) return { raw: this.rawUntil(['\n']) };
    if (t.kind === 'string' || t.kind === 'heredoc') {
      this.next();
      const whole = /^\$\{([\w.[\]*"-]+)\}$/.exec(t.text);
      return whole ? { ref: whole[1] } : t.text;
    }
    if (t.kind === 'number') {
      this.next();
      return Number(t.text);
    }
    if (t.kind === 'punct' && t.text === '-' && this.peek(1).kind === 'number') {
      this.next();
      return -Number(this.next().text);
    }
    if (t.kind === 'punct' && t.text === '[') {
      this.next();
      const items: HclValue[] = [];
      for (;;) {
        this.skipNewlines();
        const p = this.peek();
        if (p.kind === 'eof') return items;
        if (p.kind === 'punct' && p.text === ']') {
          this.next();
          return items;
        }
        if (p.kind === 'punct' && p.text === ',') {
          this.next();
          continue;
        }
        const before = this.i;
        items.push(this.expression(depth + 1, [',', ']', '\n']));
        if (this.i === before) this.next();
      }
    }
    if (t.kind === 'punct' && t.text === '{') {
      this.next();
      const object: HclObject = {};
      for (;;) {
        this.skipNewlines();
        const p = this.peek();
        if (p.kind === 'eof') return object;
        if (p.kind === 'punct' && p.text === '}') {
          this.next();
          return object;
        }
        if (p.kind === 'punct' && p.text === ',') {
          this.next();
          continue;
        }
        const keyToken = this.next();
        const key = keyToken.kind === 'string' || keyToken.kind === 'ident' ? keyToken.text : keyToken.text;
        const sep = this.peek();
        if (sep.kind === 'punct' && (sep.text === '=' || sep.text === ':')) {
          this.next();
          object[key] = this.expression(depth + 1, [',', '}', '\n']);
        }
      }
    }
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false') {
        this.next();
        return t.text === 'true';
      }
      if (t.text === 'null') {
        this.next();
        return null;
      }
      if (this.peek(1).kind === 'punct' && this.peek(1).text === '(') {
        this.next();
        this.next();
        const args: HclValue[] = [];
        for (;;) {
          this.skipNewlines();
          const p = this.peek();
          if (p.kind === 'eof') break;
          if (p.kind === 'punct' && p.text === ')') {
            this.next();
            break;
          }
          if (p.kind === 'punct' && (p.text === ',' || p.text === '...')) {
            this.next();
            continue;
          }
          const before = this.i;
          args.push(this.expression(depth + 1, [',', ')', '\n', '...']));
          if (this.i === before) this.next();
        }
        return { call: t.text, args };
      }
      // A reference: a.b.c, a.b[0].c, a.b["k"]
      let ref = this.next().text;
      for (;;) {
        const p = this.peek();
        if (p.kind === 'punct' && p.text === '.' && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'number' || (this.peek(1).kind === 'punct' && this.peek(1).text === '*'))) {
          this.next();
          ref += `.${this.next().text}`;
        } else if (p.kind === 'punct' && p.text === '[') {
          this.next();
          const inner = this.next();
          ref += `[${inner.kind === 'string' ? JSON.stringify(inner.text) : inner.text}]`;
          if (this.peek().kind === 'punct' && this.peek().text === ']') this.next();
        } else break;
      }
      return { ref };
    }
    return { raw: this.rawUntil(['\n']) };
  }
}

/** Parses a Terraform/HCL file into its top-level blocks (and top-level attributes, for tfvars). */
export function parseHcl(source: string): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  return new Parser(tokenize(source)).body(0, undefined);
}

export function isRef(value: HclValue | undefined): value is HclRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as HclRef).ref === 'string';
}

export function isCall(value: HclValue | undefined): value is HclCall {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as HclCall).call === 'string';
}

export function isObject(value: HclValue | undefined): value is HclObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isRef(value) && !isCall(value) && typeof (value as HclRaw).raw !== 'string';
}
