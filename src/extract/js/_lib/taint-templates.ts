// Server-side view templates: which locals a template prints without HTML escaping. EJS `<%- x %>`,
// Pug `!{x}` / `!= x`, Handlebars and Mustache `{{{x}}}` / `{{& x}}`, Nunjucks, Swig and Twig
// `{{ x | safe }}` / `{{ x | raw }}` and `{% autoescape false %}` blocks print raw; the escaping
// forms (`<%= x %>`, `#{x}`, `{{ x }}`) are recorded too, because an engine configured with
// autoescaping off prints those raw as well. Only the root name of each expression is kept
// (`user.name` → `user`): that is the local `res.render(view, { user })` passes.

/** Template files the taint extractor reads (plain `.html` only inside view folders). */
const TEMPLATE_FILE = /\.(ejs|pug|jade|hbs|handlebars|mustache|njk|nunjucks|swig|twig|dust|eta)$/i;
const VIEW_HTML = /(^|\/)(views?|templates?|pages|partials|layouts)\/.*\.html?$/i;

export function isTemplateFile(path: string): boolean {
  return TEMPLATE_FILE.test(path) || VIEW_HTML.test(path);
}

export interface TemplateOutputs {
  /** Locals printed without escaping whatever the engine's settings. */
  raw: string[];
  /** Locals printed with the engine's escaping (raw when autoescaping is off). */
  escaped: string[];
}

const NAME = '([A-Za-z_$][\\w$]*)';
const re = (source: string) => new RegExp(source, 'g');
/** Raw and escaping output forms per template family. */
const EJS = { raw: [re(`<%-\\s*${NAME}`)], escaped: [re(`<%=\\s*${NAME}`)] };
const PUG = { raw: [re(`!\\{\\s*${NAME}`), re(`(?:^|[\\w)\\]])!=\\s*${NAME}`)], escaped: [re(`#\\{\\s*${NAME}`), re(`(?:^|[\\w)\\]])=\\s*${NAME}`)] };
const CURLY = {
  raw: [re(`\\{\\{\\{\\s*${NAME}`), re(`\\{\\{&\\s*${NAME}`), re(`\\{\\{-?\\s*${NAME}[^}]*\\|\\s*(?:safe|raw)\\b`)],
  escaped: [re(`(?<!\\{)\\{\\{-?\\s*${NAME}`)],
};
const AUTOESCAPE_OFF = /\{%-?\s*autoescape\s+(?:false|off)\s*-?%\}([\s\S]*?)\{%-?\s*endautoescape\s*-?%\}/g;
/** Words that start template statements or are literals, not locals. */
const KEYWORDS = new Set(['if', 'else', 'for', 'each', 'with', 'unless', 'end', 'include', 'block', 'extends', 'true', 'false', 'null', 'undefined', 'this', 'in', 'loop', 'locals', 'block', 'mixin']);

function names(text: string, patterns: RegExp[]): Set<string> {
  const out = new Set<string>();
  for (const p of patterns) {
    p.lastIndex = 0;
    for (let m = p.exec(text); m; m = p.exec(text)) if (!KEYWORDS.has(m[1])) out.add(m[1]);
  }
  return out;
}

function family(path: string): { raw: RegExp[]; escaped: RegExp[] }[] {
  if (/\.(pug|jade)$/i.test(path)) return [PUG];
  if (/\.ejs$/i.test(path)) return [EJS];
  if (/\.(hbs|handlebars|mustache|njk|nunjucks|swig|twig|dust)$/i.test(path)) return [CURLY];
  return [EJS, CURLY];
}

export function templateOutputs(path: string, content: string): TemplateOutputs {
  const fams = family(path);
  const raw = names(content, fams.flatMap((f) => f.raw));
  const escapedForms = fams.flatMap((f) => f.escaped);
  AUTOESCAPE_OFF.lastIndex = 0;
  for (let m = AUTOESCAPE_OFF.exec(content); m; m = AUTOESCAPE_OFF.exec(content)) for (const n of names(m[1], escapedForms)) raw.add(n);
  const escaped = names(content, escapedForms);
  for (const n of raw) escaped.delete(n);
  return { raw: [...raw].sort(), escaped: [...escaped].sort() };
}
