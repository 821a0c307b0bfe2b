// Compose variable interpolation, statically. Without a value for a variable (no `.env` beside the
// Compose file, or the variable is not in it) a variable takes its written default
// (`${PORT:-8080}` → 8080) and otherwise the empty string, which is exactly what Compose does with
// an unset variable. `$$` is a literal dollar. With values (the project's `.env`, see `link` in
// index.ts) the full Compose rules apply: `${X:-d}` / `${X-d}` / `${X:+a}` / `${X+a}` / `${X:?e}`.

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export type Lookup = (name: string) => string | undefined;

/**
 * Replaces every variable with its value from `lookup`. `keepUnknown` leaves a variable that has
 * neither a value nor a default as written (for `environment:` entries, where a visible reference
 * says more than an empty string).
 */
export function interpolate(text: string, lookup: Lookup, keepUnknown = false): string {
  return text.replace(VARIABLE, (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    const value = lookup(name);
    const inner = (): string => interpolate(word ?? '', lookup, keepUnknown);
    if (op === ':-') return value ? value : inner();
    if (op === '-') return value !== undefined ? value : inner();
    if (op === ':+') return value ? inner() : '';
    if (op === '+') return value !== undefined ? inner() : '';
    if (value !== undefined) return value;
    return keepUnknown ? whole : '';
  });
}

export function interpolateDefaults(text: string): string {
  return interpolate(text, () => undefined);
}

/** True when the text contains an interpolation (the value is decided at deploy time). */
export function hasVariable(text: string): boolean {
  return /\$\{?[A-Za-z_]/.test(text.replace(/\$\$/g, ''));
}

export interface DotenvEntry {
  name: string;
  value: string;
  /** 1-based line. */
  line: number;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** Unquoted values end at ` #`; single quotes are literal; double quotes allow `\n` escapes and variables. */
function valueOf(raw: string): { text: string; interpolated: boolean } {
  const v = raw.trim();
  const quote = v[0];
  if (quote === "'" || quote === '"') {
    const end = v.indexOf(quote, 1);
    const body = end < 0 ? v.slice(1) : v.slice(1, end);
    return quote === "'" ? { text: body, interpolated: false } : { text: body.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1'), interpolated: true };
  }
  return { text: v.replace(/\s+#.*$/, '').trim(), interpolated: true };
}

/**
 * A `.env` file as Compose reads it (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax):
 * `NAME=value` lines, `export` allowed, `#` comments, later entries may use earlier ones.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  const values = new Map<string, string>();
  const out: DotenvEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*(?:#|$)/.test(line)) return;
    const m = ASSIGNMENT.exec(line);
    if (!m) return;
    const { text: raw, interpolated } = valueOf(m[2]);
    const value = interpolated ? interpolate(raw, (n) => values.get(n)) : raw;
    values.set(m[1], value);
    out.push({ name: m[1], value, line: i + 1 });
  });
  return out;
}
