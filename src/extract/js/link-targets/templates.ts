// Server-side templates that print a value as the whole of a link attribute: `<a href="{{target}}">`,
// `<iframe src="<%= page.url %>">`, `<form action="{{{next}}}">`. HTML escaping leaves a
// `javascript:` URL intact, so such a value runs script when clicked (or loaded, for frames and
// forms) unless the code that accepted it restricted its scheme. A fixed start (`/`, `https://`,
// `mailto:`) or a helper/filter around the value (which may sanitise it) is not recorded.
import type { FactInput } from '../../../model/types.js';
import type { SourceFile } from '../../types.js';
import { lineLocator } from '../_lib/parse.js';

/** Server-side template files (plain `.html` is left out: Angular and Vue bind URLs through sanitisers). */
const TEMPLATE_FILE = /\.(ejs|hbs|handlebars|mustache|njk|nunjucks|eta|twig|swig)$/i;

export function isServerTemplate(path: string): boolean {
  return TEMPLATE_FILE.test(path);
}

/** A plain value path: `target`, `link.target`, `this.url`, `../link.href`, `it.page["url"]`. */
const PATH = String.raw`(?:\.\.\/|this\.)*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\s*['"][\w$]+['"]\s*\])*`;
/** `<%= x %>`, `<%- x %>`, `{{x}}`, `{{{x}}}`, `{{& x}}`, `{{ x }}` (whitespace trimming marks too). */
const TAG = String.raw`(?:<%[=-]\s*(${PATH})\s*[-_]?%>|\{\{\{?[&~]?\s*(${PATH})\s*~?\}?\}\})`;
/** Elements whose URL attribute navigates, frames or submits (a `<link>` or `<img>` does not run `javascript:`). */
const ELEMENT = '(a|area|iframe|frame|form|button|input|embed|object)';
const ATTRIBUTE = '(href|src|action|formaction|data|xlink:href)';
const URL_ATTRIBUTE = new RegExp(String.raw`<${ELEMENT}\b[^>]*?\s${ATTRIBUTE}\s*=\s*(["']?)${TAG}\3(?=[\s>/])`, 'gi');
/** Letter cases the extractor's signals cover (HTML attributes are written in one of them). */
const SPELLED = /href|HREF|Href|src|SRC|Src|action|ACTION|Action|data|DATA|Data/;
/** Attributes whose URL an element of that kind really uses. */
const USES: Record<string, ReadonlySet<string>> = {
  a: new Set(['href', 'xlink:href']),
  area: new Set(['href']),
  iframe: new Set(['src']),
  frame: new Set(['src']),
  embed: new Set(['src']),
  object: new Set(['data']),
  form: new Set(['action']),
  button: new Set(['formaction']),
  input: new Set(['formaction']),
};

/** The last name of a value path (`link.target` → `target`): the field a stored record keeps it under. */
export function fieldOf(path: string): string {
  const names = path.match(/[A-Za-z_$][\w$]*/g) ?? [];
  return names[names.length - 1] ?? path;
}

export function templateUrlOutputs(file: SourceFile): FactInput[] {
  const out: FactInput[] = [];
  const { content } = file;
  URL_ATTRIBUTE.lastIndex = 0;
  let lineAt: ((offset: number) => number) | undefined;
  for (let m = URL_ATTRIBUTE.exec(content); m; m = URL_ATTRIBUTE.exec(content)) {
    const element = m[1].toLowerCase();
    const attribute = m[2].toLowerCase();
    if (!USES[element]?.has(attribute) || !SPELLED.test(m[2])) continue;
    const path = m[4] ?? m[5];
    const field = fieldOf(path);
    if (field === 'this' || /^(true|false|null|undefined)$/.test(field)) continue;
    const at = m.index + m[0].lastIndexOf(attribute === 'xlink:href' ? 'xlink:href' : m[2]);
    lineAt ??= lineLocator(content);
    const line = lineAt(at);
    const lineEnd = content.indexOf('\n', at);
    const snippet = content.slice(content.lastIndexOf('\n', at) + 1, lineEnd === -1 ? undefined : lineEnd).trim().slice(0, 200);
    out.push({
      kind: 'config',
      setting: 'url-attribute-output',
      values: { field, path, element, attribute },
      summary: `${element} ${attribute} printed from ${path}`,
      evidence: { file: file.path, line, snippet },
      key: `${file.path}#config:url-attribute-output:${field}:${out.length}`,
    });
  }
  return out;
}
