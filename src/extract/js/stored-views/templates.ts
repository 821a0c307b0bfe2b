// What a server view prints, as record fields: `{{ marked(doc.memo) }}` inside `{% for doc in
// memosList %}` prints member `memo` of the records passed as local `memosList`. Loop variables are
// resolved to the local they iterate (swig/nunjucks/twig `for x in`, EJS `forEach`/`for…of`, Pug
// `each`, Handlebars `#each … as |x|` and `this.x`), indexes are skipped (`products[i].address`).
// Whether a print is raw is the syntax's (`<%-`, `!=`, `!{}`, `{{{ }}}`, `| safe`); the escaping
// forms of the curly family are kept too, because those engines can be configured to print raw.

export type Syntax = 'ejs' | 'pug' | 'curly';

export interface FieldOutput {
  syntax: Syntax;
  /** `raw`: printed unescaped whatever the engine's settings; `escaped`: raw only with autoescape off. */
  form: 'raw' | 'escaped';
  /** The local passed by `res.render(view, { local })`. */
  local: string;
  /** The members printed below the local (`memo`, `products.name`), '' when the local itself is printed. */
  field: string;
  /** A markdown-to-HTML helper the value goes through (`marked`), '' when none. */
  helper: string;
  line: number;
}

export function syntaxOf(path: string): Syntax[] {
  if (/\.(pug|jade)$/i.test(path)) return ['pug'];
  if (/\.(ejs|eta)$/i.test(path)) return ['ejs'];
  if (/\.(hbs|handlebars|mustache|njk|nunjucks|swig|twig|dust)$/i.test(path)) return ['curly'];
  return ['ejs', 'curly'];
}

/** Output tags per syntax: group 1 is the printed expression. */
const OUTPUTS: Record<Syntax, { form: 'raw' | 'escaped'; re: RegExp }[]> = {
  ejs: [
    { form: 'raw', re: /<%-([\s\S]*?)-?%>/g },
  ],
  pug: [
    { form: 'raw', re: /!\{([^}\n]*)\}/g },
    { form: 'raw', re: /^[ \t]*[\w.#-]*(?:\([^)\n]*\))?!=[ \t]*(.+)$/gm },
  ],
  curly: [
    { form: 'raw', re: /\{\{\{([\s\S]*?)\}\}\}/g },
    { form: 'escaped', re: /(?<!\{)\{\{(?![{#/!>^&])([\s\S]*?)\}\}(?!\})/g },
  ],
};

/** Loop headers: group 1 the item name, group 2 the iterated expression. */
const LOOPS: Record<Syntax, RegExp[]> = {
  ejs: [
    /([\w$.]+)\.forEach\(\s*(?:function\s*\(\s*|\(\s*)?([\w$]+)/g,
    /for\s*\(\s*(?:var|let|const)\s+([\w$]+)\s+of\s+([\w$.]+)/g,
  ],
  pug: [/^[ \t]*(?:each|for)\s+([\w$]+)(?:\s*,\s*[\w$]+)?\s+in\s+([\w$.]+)/gm],
  curly: [
    /\{%-?\s*for\s+([\w$]+)(?:\s*,\s*[\w$]+)?\s+in\s+([\w$.]+)/g,
    /\{\{#each\s+([\w$.]+)\s+as\s+\|\s*([\w$]+)/g,
  ],
};
/** Loops whose header names the list first (`list.forEach(item`, `#each list as |item|`). */
const LIST_FIRST = new Set([LOOPS.ejs[0], LOOPS.curly[1]]);

/** Filters and calls that escape or sanitise what they print, or print something else than the value. */
const SAFE = /\|\s*(?:e|escape|striptags|url_?encode|json|length|date)\b|escape|sanitiz|purify|encode|xss|stringify|typeof|\.length\b/i;
/** Layout slots and partials: markup the application assembled, not a value. */
const LAYOUT = /^\s*(?:body|include|partial|block|yield|>)\b/;
/** Markdown-to-HTML helpers: their output is markup by design. */
const MARKDOWN = /\b(marked|markdown|md\.render|makeHtml|markdownIt|remarkable|showdown)\b/;
/** Words that are template keywords or literals, not locals. */
const KEYWORDS = new Set(['if', 'else', 'for', 'each', 'with', 'unless', 'end', 'block', 'extends', 'true', 'false', 'null', 'undefined', 'this', 'in', 'loop', 'new', 'String', 'Number', 'JSON', 'Math', 'Date', 'typeof', 'return', 'var', 'let', 'const']);
const PATH = /(?<![\w$.'"])([A-Za-z_$][\w$]*)((?:\s*\[[^\]]*\]|\.[A-Za-z_$][\w$]*)*)/g;

/** Loop item name → the local it iterates and the members leading to the list (`p` in `output.products` → `output`, `products`). */
function loopAliases(syntax: Syntax, text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const re of LOOPS[syntax]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [item, list] = LIST_FIRST.has(re) ? [m[2], m[1]] : [m[1], m[2]];
      const path = list.replace(/^this\./, '').split('.').filter(Boolean);
      if (path.length && !KEYWORDS.has(path[0]) && !out.has(item)) out.set(item, path);
    }
  }
  return out;
}

/** Member names kept per printed path: deep enough for a record list wrapped in one object. */
const MAX_MEMBERS = 3;

/** The record paths one printed expression names: `local` and the members below it (`products.name`). */
function fieldsOf(expr: string, aliases: Map<string, string[]>, eachList: string | undefined): { local: string; field: string }[] {
  const out: { local: string; field: string }[] = [];
  const push = (path: string[]) => out.push({ local: path[0], field: path.slice(1, 1 + MAX_MEMBERS).join('.') });
  PATH.lastIndex = 0;
  for (let m = PATH.exec(expr); m; m = PATH.exec(expr)) {
    const root = m[1];
    const members = m[2].replace(/\s*\[[^\]]*\]/g, '').split('.').filter(Boolean);
    if (root === 'this' && eachList && members.length) {
      push([eachList, ...members]);
      continue;
    }
    // A call of a helper or of a record's method (`marked(…)`, `doc.getTitle()`) prints what it returns.
    if (KEYWORDS.has(root) || (members.length <= 1 && /^\s*\(/.test(expr.slice(PATH.lastIndex)))) continue;
    const alias = aliases.get(root);
    if (alias) {
      if (members.length) push([...alias, ...members]);
      continue;
    }
    if (root !== 'locals') push([root, ...members]);
    else if (members.length) push(members);
  }
  return out;
}

/** The innermost `{{#each list}}` block around an offset (Handlebars `this.x` names its items). */
function eachListAt(text: string, offset: number): string | undefined {
  const open = text.lastIndexOf('{{#each', offset);
  if (open < 0 || text.lastIndexOf('{{/each', offset) > open) return undefined;
  return /^\{\{#each\s+(?:this\.)?([\w$]+)/.exec(text.slice(open, open + 80))?.[1];
}

export function fieldOutputs(path: string, text: string): FieldOutput[] {
  const out: FieldOutput[] = [];
  const seen = new Set<string>();
  let lineStarts: number[] | undefined;
  const lineAt = (offset: number): number => {
    lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    let lo = 0;
    let hi = lineStarts.length;
    while (lo + 1 < hi) {
      const mid = (lo + hi) >>> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid;
    }
    return lo + 1;
  };
  for (const syntax of syntaxOf(path)) {
    const aliases = loopAliases(syntax, text);
    for (const { form: tagForm, re } of OUTPUTS[syntax]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const expr = m[1];
        if (LAYOUT.test(expr) || SAFE.test(expr.replace(/\|\s*(?:safe|raw)\b/g, ''))) continue;
        const form = tagForm === 'escaped' && /\|\s*(?:safe|raw)\b/.test(expr) ? 'raw' : tagForm;
        const helper = MARKDOWN.exec(expr)?.[1] ?? '';
        const eachList = syntax === 'curly' ? eachListAt(text, m.index) : undefined;
        for (const { local, field } of fieldsOf(expr.replace(/\|[\s\S]*$/, ''), aliases, eachList)) {
          const key = `${form}\u0000${local}\u0000${field}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ syntax, form, local, field, helper, line: lineAt(m.index) });
        }
      }
    }
  }
  return out;
}
