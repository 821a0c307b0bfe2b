// A faster rule scan for the `ignore` package's matchers, with the package's answers exactly.
//
// `ignore` tests a path against every rule, from the last one back, each with its own regular
// expression (payload's root .gitignore has 210 rules: a third of the file-system walk's CPU).
// Most rules are literal in the shapes their expressions take: a basename (`coverage`), a path
// from the root (`/media`, `test/packed`), a basename's end (`*.log`) or start (`npm-debug.log*`),
// directories only (`.turbo/`). Those are answered by a few map lookups on the path's last segment
// or on the whole path; only the other rules are tested with their expressions, and only those
// after the last literal rule that matched (the last matching rule decides, as in git).
//
// Rules are classified by the source of the expression `ignore` compiled for them, never by their
// pattern text, so escaping, trimming, negation and anchoring are `ignore`'s own. What each shape
// matches (s: the tested path, t: s without one trailing `/`, last: t after its last `/`):
//   (?:^|\/)LIT(?=$|\/$)        last === LIT
//   (?:^|\/)LIT\/$              s ends with `/` and last === LIT
//   (?:^|\/)[^\/]*LIT(?=$|\/$)  t ends with LIT (LIT holds no `/`, so it lies inside last)
//   (?:^|\/)LIT[^/]*(?=$|\/$)   last starts with LIT
//   ^LIT(?=$|\/$)               t === LIT
//   ^LIT\/$                     s ends with `/` and t === LIT
// where LIT is letters, digits, `_`, `-` and escaped `.` or `/` (no `/` in the unanchored ones).
// Only the rule scan is replaced (RuleManager#test in "regex" mode, the one `ignores`/`test`
// use); the parent-directory recursion, path checks and caches stay the package's. The package's
// internals are checked before use: any other shape of them leaves the matcher as it was.
import type { Ignore } from 'ignore';

interface Rule {
  negative: boolean;
  regex: RegExp;
  readonly _basenameOnly: boolean;
}

interface RuleManager {
  _rules: Rule[];
  _basenameCount: number;
  test(path: string, mode: string): TestResult;
}

interface TestResult {
  ignored: boolean;
  unignored: boolean;
  rule?: Rule;
}

/** `ignore`'s mode for `ignores()` and `test()`: rules' `regex` (the other, `checkRegex`, is for `checkIgnore`). */
const MODE_IGNORE = 'regex';

const LIT = String.raw`((?:[A-Za-z0-9_-]|\\\.)+)`;
const LIT_PATH = String.raw`((?:[A-Za-z0-9_-]|\\[./])+)`;
const END = String.raw`\(\?=\$\|\\\/\$\)`;
const SHAPES: { kind: Kind; re: RegExp }[] = [
  { kind: 'name', re: new RegExp(String.raw`^\(\?:\^\|\\\/\)${LIT}${END}$`) },
  { kind: 'dirName', re: new RegExp(String.raw`^\(\?:\^\|\\\/\)${LIT}\\\/\$$`) },
  { kind: 'suffix', re: new RegExp(String.raw`^\(\?:\^\|\\\/\)\[\^\\\/\]\*${LIT}${END}$`) },
  { kind: 'prefix', re: new RegExp(String.raw`^\(\?:\^\|\\\/\)${LIT}\[\^\\?\/\]\*${END}$`) },
  { kind: 'path', re: new RegExp(String.raw`^\^${LIT_PATH}${END}$`) },
  { kind: 'dirPath', re: new RegExp(String.raw`^\^${LIT_PATH}\\\/\$$`) },
];
type Kind = 'name' | 'dirName' | 'suffix' | 'prefix' | 'path' | 'dirPath';

/** The literal of a rule's expression, if it has one of the shapes above. */
export function literalShape(source: string, flags: string): { kind: Kind; literal: string } | undefined {
  if (flags !== '') return undefined;
  for (const { kind, re } of SHAPES) {
    const m = re.exec(source);
    if (m) return { kind, literal: m[1].replace(/\\(.)/g, '$1') };
  }
  return undefined;
}

/** Last index wins: rule indexes grow with the file, so a later `set` of the same key overrides. */
class LastIndex {
  readonly map = new Map<string, number>();
  /** Distinct literal lengths (suffixes, prefixes), longest first. */
  lengths: number[] = [];
  add(key: string, index: number): void {
    this.map.set(key, index);
    if (!this.lengths.includes(key.length)) this.lengths.push(key.length);
  }
}

interface Compiled {
  rules: Rule[];
  count: number;
  names: LastIndex;
  dirNames: LastIndex;
  suffixes: LastIndex;
  prefixes: LastIndex;
  paths: LastIndex;
  dirPaths: LastIndex;
  /** Indexes of the rules tested with their expressions, ascending. */
  residual: number[];
}

function compile(rules: Rule[]): Compiled {
  const c: Compiled = {
    rules,
    count: rules.length,
    names: new LastIndex(),
    dirNames: new LastIndex(),
    suffixes: new LastIndex(),
    prefixes: new LastIndex(),
    paths: new LastIndex(),
    dirPaths: new LastIndex(),
    residual: [],
  };
  rules.forEach((rule, index) => {
    const regex = rule.regex;
    const shape = literalShape(regex.source, regex.flags);
    if (!shape) c.residual.push(index);
    else if (shape.kind === 'name') c.names.add(shape.literal, index);
    else if (shape.kind === 'dirName') c.dirNames.add(shape.literal, index);
    else if (shape.kind === 'suffix') c.suffixes.add(shape.literal, index);
    else if (shape.kind === 'prefix') c.prefixes.add(shape.literal, index);
    else if (shape.kind === 'path') c.paths.add(shape.literal, index);
    else c.dirPaths.add(shape.literal, index);
  });
  return c;
}

function at(map: Map<string, number>, key: string, best: number): number {
  const i = map.get(key);
  return i !== undefined && i > best ? i : best;
}

const NO_MATCH = (): TestResult => ({ ignored: false, unignored: false });

/** `ignore`'s basenameOf: the last segment, a trailing slash kept. */
function basenameOf(path: string): string {
  const end = path.length - 1;
  const index = path.lastIndexOf('/', path[end] === '/' ? end - 1 : end);
  return index < 0 ? path : path.slice(index + 1);
}

function scan(c: Compiled, manager: RuleManager, path: string): TestResult {
  const dir = path.charCodeAt(path.length - 1) === 47;
  const t = dir ? path.slice(0, -1) : path;
  const slash = t.lastIndexOf('/');
  const last = slash < 0 ? t : t.slice(slash + 1);
  let best = at(c.names.map, last, -1);
  best = at(c.paths.map, t, best);
  if (dir) {
    best = at(c.dirNames.map, last, best);
    best = at(c.dirPaths.map, t, best);
  }
  for (const n of c.suffixes.lengths) if (n <= last.length) best = at(c.suffixes.map, last.slice(last.length - n), best);
  for (const n of c.prefixes.lengths) if (n <= last.length) best = at(c.prefixes.map, last.slice(0, n), best);
  // The rest, from the last back, down to the literal match found: as `ignore` scans them.
  const { rules, residual } = c;
  if (residual.length > 0 && residual[residual.length - 1] > best) {
    const shortcut = manager._basenameCount * 2 >= rules.length;
    const basename = shortcut ? basenameOf(path) : path;
    for (let k = residual.length - 1; k >= 0; k--) {
      const index = residual[k];
      if (index <= best) break;
      const rule = rules[index];
      if (rule.regex.test(shortcut && rule._basenameOnly ? basename : path)) {
        best = index;
        break;
      }
    }
  }
  if (best < 0) return NO_MATCH();
  const rule = rules[best];
  return rule.negative ? { ignored: false, unignored: true } : { ignored: true, unignored: false, rule };
}

/**
 * Replaces the rule scan of an `ignore` matcher by the compiled one (in place; returns it).
 * Rules added later are compiled on the next test. Leaves the matcher untouched when the
 * package's internals are not the expected ones.
 */
export function compileMatcher(matcher: Ignore): Ignore {
  const manager = (matcher as unknown as { _rules?: RuleManager })._rules;
  if (!manager || !Array.isArray(manager._rules) || typeof manager.test !== 'function' || typeof manager._basenameCount !== 'number') return matcher;
  const original = manager.test.bind(manager);
  let compiled: Compiled | undefined;
  manager.test = (path: string, mode: string): TestResult => {
    if (mode !== MODE_IGNORE) return original(path, mode);
    const rules = manager._rules;
    if (!compiled || compiled.rules !== rules || compiled.count !== rules.length) compiled = compile(rules);
    return scan(compiled, manager, path);
  };
  return matcher;
}
