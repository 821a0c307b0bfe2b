// HTML rendered without escaping in component code: React dangerouslySetInnerHTML and Angular
// DomSanitizer.bypassSecurityTrust*. Literal HTML, values passed through a sanitiser and a syntax
// highlighter's output (which escapes the code it marks up) are skipped.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, nodesUnder, objectProp, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { API_SOURCE, OriginFinder, URL_SOURCE } from './origin.js';

const SANITIZER = /sanitize|purify|DOMPurify|xss|escape|marked\.parse/i;

/**
 * Syntax highlighters that escape the code they are given and return markup of their own: shiki's
 * `codeToHtml()`, highlight.js `hljs.highlight()`, Prism's `Prism.highlight()`.
 */
const HIGHLIGHTER = /\b(codeToHtml|codeToHast)\s*\(|\b(hljs|Prism)\.highlight(Auto)?\s*\(/;

/** Is the value what a highlighter made (`codeToHtml()`, or a same-file helper returning its output)? */
function highlighterOutput(why: string, index: JsIndex): boolean {
  const name = /^([\w$.]+)\(\)$/.exec(why)?.[1];
  if (!name) return false;
  if (HIGHLIGHTER.test(`${name}(`)) return true;
  const fn = !name.includes('.') ? index.functionByName(name) : undefined;
  return !!fn?.body && HIGHLIGHTER.test(index.text(fn.body as AstNode)) && !/dangerouslySetInnerHTML|innerHTML/.test(index.text(fn.body as AstNode));
}

function sink(index: JsIndex, at: AstNode, api: string, value: AstNode | undefined): FactInput | undefined {
  if (!value) return undefined;
  if (stringValue(value, index) !== undefined) return undefined;
  const text = index.text(value);
  if (SANITIZER.test(text) && nodesUnder(value, 'CallExpression').length > 0) return undefined;
  // Data from the page URL is attacker-controlled (tainted); server data is reported as stored.
  const origin = new OriginFinder(index).of(value);
  if (origin?.kind === 'api' && highlighterOutput(origin.why, index)) return undefined;
  const source = origin?.kind === 'url' ? `${URL_SOURCE}${origin.why}` : origin?.kind === 'api' ? `${API_SOURCE}${origin.why}` : text.slice(0, 80);
  return {
    kind: 'sink',
    sink: 'html',
    api,
    tainted: origin?.kind === 'url',
    source: source.slice(0, 120),
    evidence: index.evidence(at),
    key: `${index.file}#sink:html:${index.enclosingFunctionName(at)}:${api}`,
  };
}

export function htmlSinkFacts(index: JsIndex): FactInput[] {
  const out: (FactInput | undefined)[] = [];
  for (const attr of index.nodesOf('JSXAttribute')) {
    if (attr.name.type !== 'JSXIdentifier' || attr.name.name !== 'dangerouslySetInnerHTML') continue;
    const container = attr.value;
    if (!container || container.type !== 'JSXExpressionContainer') continue;
    const obj = unwrap(container.expression as AstNode);
    out.push(sink(index, attr, 'dangerouslySetInnerHTML', obj.type === 'ObjectExpression' ? objectProp(obj, '__html') : obj));
  }
  for (const prop of index.nodesOf('Property')) {
    const key = prop.key.type === 'Identifier' ? prop.key.name : undefined;
    if (key !== 'dangerouslySetInnerHTML') continue;
    const obj = unwrap(prop.value as AstNode);
    out.push(sink(index, prop, 'dangerouslySetInnerHTML', obj.type === 'ObjectExpression' ? objectProp(obj, '__html') : obj));
  }
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (prop && /^bypassSecurityTrust(Html|Script|Style|Url|ResourceUrl)$/.test(prop)) out.push(sink(index, call, prop, call.arguments[0] as AstNode));
  }
  return out.filter((f): f is FactInput => f !== undefined);
}
