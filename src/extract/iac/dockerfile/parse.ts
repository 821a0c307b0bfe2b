// A Dockerfile reader after the BuildKit frontend's rules: parser directives at the top
// (`# escape=`), comments, line continuations with the escape character, heredocs
// (`RUN <<EOF ... EOF`), flags (`--from=`), and the JSON (exec) or shell form of arguments.
// It never evaluates anything; unknown instructions are kept as they are.

export interface Heredoc {
  delimiter: string;
  body: string;
}

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY... */
  keyword: string;
  /** Arguments after the flags, continuations joined, heredoc bodies excluded. */
  args: string;
  /** Arguments of the JSON (exec) form, when the instruction uses it. */
  json?: string[];
  /** Leading `--name=value` flags (`--name` alone maps to ''). */
  flags: Record<string, string>;
  /** 1-based first and last line (heredoc bodies included). */
  line: number;
  endLine: number;
  /** First physical line, for evidence snippets. */
  firstLine: string;
  heredocs: Heredoc[];
}

export interface ParsedDockerfile {
  directives: Record<string, string>;
  escape: string;
  instructions: Instruction[];
}

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;
const HEREDOC_MARKER = /(?<!<)<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** The line without its trailing escape (plus trailing blanks), or undefined if it does not continue. */
function continued(line: string, escape: string): string | undefined {
  const trimmed = line.replace(/[ \t]+$/, '');
  if (!trimmed.endsWith(escape)) return undefined;
  // `\\` at the end is an escaped escape, not a continuation.
  if (trimmed.endsWith(escape + escape)) return undefined;
  return trimmed.slice(0, -1);
}

function readDirectives(lines: string[]): { directives: Record<string, string>; next: number } {
  const directives: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]);
    if (!m) break;
    const name = m[1].toLowerCase();
    if (name in directives) break;
    directives[name] = m[2];
  }
  return { directives, next: i };
}

const FLAG = /^--([A-Za-z][A-Za-z0-9-]*)(?:=("[^"]*"|\S*))?\s*/;

function splitFlags(rest: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let args = rest;
  let m = FLAG.exec(args);
  while (m) {
    flags[m[1].toLowerCase()] = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
    args = args.slice(m[0].length);
    m = FLAG.exec(args);
  }
  return { flags, args };
}

function jsonForm(args: string): string[] | undefined {
  const t = args.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(t);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // Not valid JSON: Docker then treats the text as the shell form.
  }
  return undefined;
}

/** Reads heredoc bodies starting at `start`; returns them and the index of the first line after. */
function readHeredocs(
  text: string,
  lines: string[],
  start: number,
): { heredocs: Heredoc[]; next: number } {
  const heredocs: Heredoc[] = [];
  let i = start;
  for (const m of text.matchAll(HEREDOC_MARKER)) {
    const stripTabs = m[1] === '-';
    const delimiter = m[3];
    const body: string[] = [];
    while (i < lines.length) {
      const raw = lines[i++];
      const candidate = stripTabs ? raw.replace(/^\t+/, '') : raw;
      if (candidate.replace(/\s+$/, '') === delimiter) break;
      body.push(candidate);
    }
    heredocs.push({ delimiter, body: body.join('\n') });
  }
  return { heredocs, next: i };
}

/** Parses Dockerfile text into instructions; lenient, never throws. */
export function parseDockerfile(content: string): ParsedDockerfile {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { directives, next } = readDirectives(lines);
  const escape = directives.escape === '`' ? '`' : '\\';
  const instructions: Instruction[] = [];
  let i = next;
  while (i < lines.length) {
    if (isBlankOrComment(lines[i])) {
      i++;
      continue;
    }
    const start = i;
    let text = '';
    while (i < lines.length) {
      const part = continued(lines[i], escape);
      if (part === undefined) {
        text += lines[i];
        break;
      }
      text += part;
      i++;
      // Comment and empty lines inside a continuation are dropped, as BuildKit does.
      while (i < lines.length && isBlankOrComment(lines[i])) i++;
    }
    let end = Math.min(i, lines.length - 1);
    i = end + 1;
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    const { flags, args } = splitFlags(m[2].trim());
    let heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword) && args.includes('<<')) {
      const read = readHeredocs(args, lines, i);
      heredocs = read.heredocs;
      if (heredocs.length > 0) {
        end = read.next - 1;
        i = read.next;
      }
    }
    instructions.push({
      keyword,
      args: args.trim(),
      json: jsonForm(args),
      flags,
      line: start + 1,
      endLine: end + 1,
      firstLine: lines[start].trim(),
      heredocs,
    });
  }
  return { directives, escape, instructions };
}

/**
 * Splits shell-form text into words, honouring single and double quotes and the escape
 * character (used for ENV/ARG/LABEL pairs and EXPOSE lists).
 */
export function splitWords(text: string, escape = '\\'): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && quote !== "'" && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

export interface KeyValue {
  name: string;
  value: string | undefined;
}

/**
 * `ENV A=1 B="two words"` or the legacy `ENV A one two` → pairs; `ARG A B=2` → A has no value.
 * `legacy` allows the one-pair form separated by whitespace (ENV, LABEL; not ARG).
 */
export function keyValues(args: string, escape: string, legacy: boolean): KeyValue[] {
  const words = splitWords(args, escape);
  if (words.length === 0) return [];
  if (legacy && !words[0].includes('=')) {
    const rest = args.trim().slice(args.trim().indexOf(words[0]) + words[0].length).trim();
    return [{ name: words[0], value: splitWords(rest, escape).join(' ') }];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? { name: w, value: undefined } : { name: w.slice(0, eq), value: w.slice(eq + 1) };
  });
}

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `${VAR:+alt}` from `vars`.
 * `resolved` is false when a variable had no value and no default.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>): { value: string; resolved: boolean } {
  let resolved = true;
  const value = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_whole, braced: string | undefined, op: string | undefined, word: string | undefined, plain: string | undefined) => {
      const name = braced ?? plain ?? '';
      const current = vars.get(name);
      const isSet = current !== undefined && (current !== '' || !op?.startsWith(':'));
      if (op?.endsWith('-')) return isSet ? (current ?? '') : (word ?? '');
      if (op?.endsWith('+')) return isSet ? (word ?? '') : '';
      if (current === undefined) {
        resolved = false;
        return '';
      }
      return current;
    },
  );
  return { value, resolved };
}
