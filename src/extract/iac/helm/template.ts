// A static, bounded reading of Helm (Go text/template) files: enough of the language to turn the
// templates of an ordinary chart into the manifests `helm template` would print with the chart's
// default values. Nothing is executed: `.Values`, `.Chart` and `.Release` are plain data, a
// handful of pure sprig functions are imitated, and anything else (lookup, tpl, files, unknown
// functions) evaluates to "unknown", which renders as nothing. Every output line remembers the
// template line it came from, so evidence points into the template.

export type Value = unknown;
const UNKNOWN = Symbol('unknown');

export interface RenderInput {
  text: string;
  /** `.` at the top: { Values, Chart, Release, Capabilities }. */
  root: Record<string, unknown>;
  /** `define` bodies of every template of the chart, by name. */
  defines: Map<string, string>;
}

export interface Rendered {
  text: string;
  /** Output line (1-based) → template line (1-based). */
  lineOf(line: number): number;
}

const MAX_OUTPUT = 512 * 1024;
const MAX_RANGE = 50;
const MAX_DEPTH = 8;

interface Token {
  kind: 'text' | 'action';
  value: string;
  /** Offset in the template of the token's first character. */
  offset: number;
  trimLeft: boolean;
  trimRight: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ kind: 'text', value: text.slice(i), offset: i, trimLeft: false, trimRight: false });
      break;
    }
    if (open > i) tokens.push({ kind: 'text', value: text.slice(i, open), offset: i, trimLeft: false, trimRight: false });
    let close = text.indexOf('}}', open + 2);
    // A comment may contain `}}`: it ends at `*/}}`.
    if (/^\{\{-?\s*\/\*/.test(text.slice(open, open + 6))) {
      const end = text.indexOf('*/', open);
      close = end < 0 ? -1 : text.indexOf('}}', end);
    }
    if (close < 0) {
      tokens.push({ kind: 'text', value: text.slice(open), offset: open, trimLeft: false, trimRight: false });
      break;
    }
    let inner = text.slice(open + 2, close);
    const trimLeft = inner.startsWith('-') && /^-\s/.test(inner);
    const trimRight = inner.endsWith('-') && /\s-$/.test(inner);
    if (trimLeft) inner = inner.slice(1);
    if (trimRight) inner = inner.slice(0, -1);
    tokens.push({ kind: 'action', value: inner.trim(), offset: open, trimLeft, trimRight });
    i = close + 2;
  }
  return tokens;
}

/** Template output with a line map; appends are bounded. */
class Output {
  text = '';
  private readonly lines: number[] = [];

  constructor(private readonly lineAt: (offset: number) => number) {}

  append(chunk: string, offset: number, generated: boolean): void {
    if (this.text.length + chunk.length > MAX_OUTPUT) throw new Error('rendered template too large');
    let line = this.lineAt(offset);
    for (let i = 0; i < chunk.length; i++) {
      if (this.text.length === 0 || this.text.endsWith('\n')) this.lines.push(generated ? this.lineAt(offset) : line);
      this.text += chunk[i];
      if (!generated && chunk[i] === '\n') line++;
    }
  }

  trimEnd(): void {
    this.text = this.text.replace(/[ \t\r\n]+$/, '');
    // One entry per output line that holds at least one character.
    const count = this.text === '' ? 0 : this.text.split('\n').length;
    this.lines.length = Math.min(this.lines.length, count);
  }

  lineOf(line: number): number {
    return this.lines[Math.max(0, Math.min(line - 1, this.lines.length - 1))] ?? 1;
  }
}

interface Scope {
  dot: Value;
  vars: Map<string, Value>;
}

type Node =
  | { type: 'text'; token: Token }
  | { type: 'output'; token: Token }
  | { type: 'if'; branches: { cond: string | null; body: Node[]; token: Token }[] }
  | { type: 'range'; token: Token; expr: string; body: Node[]; otherwise: Node[] }
  | { type: 'with'; token: Token; expr: string; body: Node[]; otherwise: Node[] }
  | { type: 'skip' };

/** Parses tokens into a tree of control blocks (if/else/range/with/define). */
const MAX_NESTING = 100;

function parse(tokens: Token[], defines: Map<string, string> | undefined, text: string): Node[] {
  let i = 0;
  let nesting = 0;
  const block = (): { nodes: Node[]; end: string } => {
    if (++nesting > MAX_NESTING) throw new Error('template nested too deeply');
    try {
      return blockBody();
    } finally {
      nesting--;
    }
  };
  const blockBody = (): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t.kind === 'text') {
        nodes.push({ type: 'text', token: t });
        continue;
      }
      const word = /^[a-z]+/.exec(t.value)?.[0] ?? '';
      if (t.value.startsWith('/*')) {
        nodes.push({ type: 'skip' });
        continue;
      }
      if (word === 'end' || word === 'else') return { nodes: [...nodes, { type: 'output', token: t }], end: t.value };
      if (word === 'if') {
        const branches: { cond: string | null; body: Node[]; token: Token }[] = [];
        let cond: string | null = t.value.slice(2).trim();
        let token = t;
        for (;;) {
          const inner = block();
          const last = inner.nodes.pop();
          branches.push({ cond, body: inner.nodes, token });
          if (!inner.end.startsWith('else') || last?.type !== 'output') break;
          token = last.token;
          const rest = inner.end.slice(4).trim();
          cond = rest.startsWith('if ') ? rest.slice(3).trim() : null;
        }
        nodes.push({ type: 'if', branches });
        continue;
      }
      if (word === 'range' || word === 'with') {
        const inner = block();
        inner.nodes.pop();
        let otherwise: Node[] = [];
        if (inner.end.startsWith('else')) {
          const rest = block();
          rest.nodes.pop();
          otherwise = rest.nodes;
        }
        nodes.push({ type: word, token: t, expr: t.value.slice(word.length).trim(), body: inner.nodes, otherwise });
        continue;
      }
      if (word === 'define' || word === 'block') {
        const start = i;
        const inner = block();
        const name = /^(?:define|block)\s+"([^"]+)"/.exec(t.value)?.[1];
        const endToken = tokens[i - 1];
        if (name && defines && !defines.has(name)) defines.set(name, text.slice(tokens[start]?.offset ?? 0, endToken.offset));
        if (word === 'block') nodes.push(...inner.nodes.slice(0, -1));
        continue;
      }
      nodes.push({ type: 'output', token: t });
    }
    return { nodes, end: '' };
  };
  return block().nodes;
}

/** Collects `define "name"` bodies of a template file (typically `_helpers.tpl`). */
export function collectDefines(text: string, into: Map<string, string>): void {
  parse(tokenize(text), into, text);
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

function splitPipeline(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(expr.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expr.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

function splitArgs(command: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < command.length) {
    while (i < command.length && /\s/.test(command[i])) i++;
    if (i >= command.length) break;
    const start = i;
    if (command[i] === '"' || command[i] === '`') {
      const q = command[i++];
      while (i < command.length && command[i] !== q) i += command[i] === '\\' && q === '"' ? 2 : 1;
      i++;
    } else if (command[i] === '(') {
      let depth = 0;
      for (; i < command.length; i++) {
        if (command[i] === '(') depth++;
        else if (command[i] === ')' && --depth === 0) {
          i++;
          break;
        }
      }
    } else {
      while (i < command.length && !/\s/.test(command[i])) i++;
    }
    args.push(command.slice(start, i));
  }
  return args;
}

function field(value: Value, name: string): Value {
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
  }
  return undefined;
}

function truthy(value: Value): boolean | undefined {
  if (value === UNKNOWN) return undefined;
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function toText(value: Value): string {
  if (value === UNKNOWN || value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toYaml(value, 0).trimEnd();
}

/** Minimal YAML rendering of plain data (for `toYaml`). */
function toYaml(value: Value, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => (typeof v === 'object' && v !== null ? `${pad}- ${toYaml(v, indent + 2).trimStart()}` : `${pad}- ${scalar(v)}`)).join('\n');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, v]) => {
        if (typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) return `${pad}${k}:\n${toYaml(v, indent + 2)}`;
        return `${pad}${k}: ${typeof v === 'object' && v !== null ? (Array.isArray(v) ? '[]' : '{}') : scalar(v)}`;
      })
      .join('\n');
  }
  return scalar(value);
}

function scalar(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return /^[\w./-]+$/.test(value) && !/^(?:true|false|null|yes|no|on|off|~|[\d.]+)$/i.test(value) ? value : JSON.stringify(value);
  return String(value);
}

class Evaluator {
  private depth = 0;

  constructor(private readonly input: RenderInput) {}

  pipeline(expr: string, scope: Scope): Value {
    // Variable declaration / assignment: `$x := pipeline`.
    const decl = /^(\$\w*)\s*:?=\s*(.+)$/s.exec(expr);
    if (decl) {
      const value = this.pipeline(decl[2], scope);
      scope.vars.set(decl[1], value);
      return UNKNOWN_OUTPUT;
    }
    let value: Value = undefined;
    let first = true;
    for (const command of splitPipeline(expr)) {
      value = this.command(command, scope, first ? undefined : { value });
      first = false;
    }
    return value;
  }

  private command(command: string, scope: Scope, piped: { value: Value } | undefined): Value {
    const args = splitArgs(command);
    if (args.length === 0) return UNKNOWN;
    const [head, ...rest] = args;
    if (!isFunctionName(head)) {
      if (args.length === 1 && !piped) return this.operand(head, scope);
      return UNKNOWN;
    }
    const values = rest.map((a) => this.operand(a, scope));
    if (piped) values.push(piped.value);
    return this.call(head, values, rest, scope);
  }

  operand(arg: string, scope: Scope): Value {
    if (arg.startsWith('(') && arg.endsWith(')')) return this.pipeline(arg.slice(1, -1), scope);
    if (arg.startsWith('"')) {
      try {
        return JSON.parse(arg) as string;
      } catch {
        return arg.slice(1, -1);
      }
    }
    if (arg.startsWith('`')) return arg.slice(1, -1);
    if (/^-?\d+(?:\.\d+)?$/.test(arg)) return Number(arg);
    if (arg === 'true' || arg === 'false') return arg === 'true';
    if (arg === 'nil') return null;
    if (arg === '.') return scope.dot;
    if (arg.startsWith('$')) {
      const [name, ...path] = arg.split('.');
      let value: Value = name === '$' ? this.input.root : scope.vars.has(name) ? scope.vars.get(name) : UNKNOWN;
      for (const p of path) value = field(value, p);
      return value;
    }
    if (arg.startsWith('.')) {
      let value: Value = scope.dot;
      for (const p of arg.slice(1).split('.')) value = field(value, p);
      return value;
    }
    return UNKNOWN;
  }

  private call(name: string, args: Value[], raw: string[], scope: Scope): Value {
    const known = args.every((a) => a !== UNKNOWN);
    switch (name) {
      case 'quote':
      case 'squote':
        return args.length === 0 || args[args.length - 1] === UNKNOWN ? UNKNOWN : JSON.stringify(toText(args[args.length - 1]));
      case 'default': {
        const given = args[1];
        if (given === UNKNOWN) return UNKNOWN;
        return truthy(given) ? given : args[0];
      }
      case 'required':
        return args[1];
      case 'toYaml':
        return args[0] === UNKNOWN ? UNKNOWN : toText(args[0]);
      case 'toString':
        return args[0] === UNKNOWN ? UNKNOWN : toText(args[0]);
      case 'int':
      case 'int64':
        return known ? Number.parseInt(toText(args[0]), 10) : UNKNOWN;
      case 'nindent':
      case 'indent': {
        const n = Number(args[0]);
        if (args[1] === UNKNOWN || !Number.isFinite(n)) return UNKNOWN;
        const pad = ' '.repeat(Math.max(0, Math.min(n, 64)));
        const body = toText(args[1]).split('\n').map((l) => (l ? pad + l : l)).join('\n');
        return name === 'nindent' ? `\n${body}` : body;
      }
      case 'trim':
        return known ? toText(args[0]).trim() : UNKNOWN;
      case 'lower':
        return known ? toText(args[0]).toLowerCase() : UNKNOWN;
      case 'upper':
        return known ? toText(args[0]).toUpperCase() : UNKNOWN;
      case 'trunc':
        return known ? toText(args[1]).slice(0, Number(args[0])) : UNKNOWN;
      case 'trimSuffix':
        return known && toText(args[1]).endsWith(toText(args[0])) ? toText(args[1]).slice(0, -toText(args[0]).length || undefined) : args[1];
      case 'trimPrefix':
        return known && toText(args[1]).startsWith(toText(args[0])) ? toText(args[1]).slice(toText(args[0]).length) : args[1];
      case 'replace':
        return known ? toText(args[2]).split(toText(args[0])).join(toText(args[1])) : UNKNOWN;
      case 'printf': {
        if (!known) return UNKNOWN;
        let i = 1;
        return toText(args[0]).replace(/%[sdvq]/g, (m) => (m === '%q' ? JSON.stringify(toText(args[i++])) : toText(args[i++])));
      }
      case 'not': {
        const t = truthy(args[0]);
        return t === undefined ? UNKNOWN : !t;
      }
      case 'and':
      case 'or': {
        for (const a of args) {
          const t = truthy(a);
          if (t === undefined) return UNKNOWN;
          if (name === 'and' ? !t : t) return a;
        }
        return args[args.length - 1];
      }
      case 'eq':
        return known ? args.slice(1).some((a) => a === args[0]) : UNKNOWN;
      case 'ne':
        return known ? args[0] !== args[1] : UNKNOWN;
      case 'empty': {
        const t = truthy(args[0]);
        return t === undefined ? UNKNOWN : !t;
      }
      case 'hasKey':
        return known && typeof args[0] === 'object' && args[0] !== null ? Object.prototype.hasOwnProperty.call(args[0], toText(args[1])) : UNKNOWN;
      case 'include':
      case 'template':
        return this.include(raw[0] ? this.operand(raw[0], scope) : UNKNOWN, args[1]);
      default:
        return UNKNOWN;
    }
  }

  include(name: Value, dot: Value): Value {
    if (typeof name !== 'string') return UNKNOWN;
    const body = this.input.defines.get(name);
    if (body === undefined || this.depth >= MAX_DEPTH) return UNKNOWN;
    this.depth++;
    try {
      const out = new Output(() => 1);
      this.run(parse(tokenize(body), undefined, body), { dot, vars: new Map([['$', this.input.root]]) }, out, () => 0);
      return out.text.trim();
    } catch {
      return UNKNOWN;
    } finally {
      this.depth--;
    }
  }

  run(nodes: Node[], scope: Scope, out: Output, offsetOf: (t: Token) => number): void {
    let trimNext = false;
    const emit = (chunk: string, token: Token, generated: boolean): void => {
      let text = chunk;
      if (trimNext) {
        text = text.replace(/^[ \t\r\n]+/, '');
        trimNext = false;
      }
      if (text) out.append(text, offsetOf(token) + (generated ? 0 : chunk.length - text.length), generated);
    };
    const control = (token: Token): void => {
      if (token.trimLeft) out.trimEnd();
      if (token.trimRight) trimNext = true;
    };
    for (const node of nodes) {
      switch (node.type) {
        case 'skip':
          break;
        case 'text':
          emit(node.token.value, node.token, false);
          break;
        case 'output': {
          control(node.token);
          const word = /^[a-z]+/.exec(node.token.value)?.[0];
          if (word === 'end' || word === 'else') break;
          const value = this.pipeline(node.token.value, scope);
          if (value !== UNKNOWN_OUTPUT) {
            const wasTrim: boolean = trimNext;
            trimNext = false;
            emit(toText(value), node.token, true);
            trimNext = wasTrim;
          }
          break;
        }
        case 'if': {
          control(node.branches[0].token);
          for (const branch of node.branches) {
            const t = branch.cond === null ? true : truthy(this.pipeline(branch.cond, scope));
            // Unknown conditions take the first branch: the chart's main path, as most readers would.
            if (t === false) continue;
            this.run(branch.body, scope, out, offsetOf);
            break;
          }
          break;
        }
        case 'with': {
          control(node.token);
          const value = this.pipeline(node.expr, scope);
          const t = truthy(value);
          if (t === true) this.run(node.body, { dot: value, vars: scope.vars }, out, offsetOf);
          else if (t === false) this.run(node.otherwise, scope, out, offsetOf);
          break;
        }
        case 'range': {
          control(node.token);
          const m = /^(?:(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*)?(.+)$/s.exec(node.expr);
          const value = this.pipeline(m?.[3] ?? node.expr, scope);
          const items: [Value, Value][] = Array.isArray(value)
            ? value.map((v, i) => [i, v])
            : typeof value === 'object' && value !== null
              ? Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
              : [];
          if (items.length === 0) this.run(node.otherwise, scope, out, offsetOf);
          for (const [k, v] of items.slice(0, MAX_RANGE)) {
            const vars = new Map(scope.vars);
            if (m?.[1] && m[2]) {
              vars.set(m[1], k);
              vars.set(m[2], v);
            } else if (m?.[1]) vars.set(m[1], v);
            this.run(node.body, { dot: v, vars }, out, offsetOf);
          }
          break;
        }
      }
    }
  }
}

const UNKNOWN_OUTPUT = Symbol('no-output');

function isFunctionName(word: string): boolean {
  return /^[a-zA-Z_]\w*$/.test(word) && !['true', 'false', 'nil'].includes(word);
}

/** Renders one template with the chart's values; unknown values render as nothing. */
export function renderTemplate(input: RenderInput): Rendered {
  const starts = [0];
  for (let i = 0; i < input.text.length; i++) if (input.text.charCodeAt(i) === 10) starts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out = new Output(lineAt);
  const evaluator = new Evaluator(input);
  evaluator.run(parse(tokenize(input.text), undefined, input.text), { dot: input.root, vars: new Map([['$', input.root]]) }, out, (t) => t.offset);
  return { text: out.text, lineOf: (line) => out.lineOf(line) };
}

export { UNKNOWN };
