// Server-side template engines configured to print values without HTML escaping: swig
// `setDefaults({ autoescape: false })`, nunjucks `configure(..., { autoescape: false })` and
// `new Environment(loader, { autoescape: false })`, Handlebars `compile(t, { noEscape: true })`,
// and express-handlebars / hbs instances created with `noEscape`. With escaping off, every view
// that prints request or stored data is a cross-site scripting sink.
import type { FactInput } from '../../../model/types.js';
import { literalValue, nodesUnder, objectProp, resolveObject, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { configFact } from './common.js';

const ENGINES: { callee: RegExp; engine: string; arg: number; option: string; off: boolean | 'any' }[] = [
  { callee: /^(swig|swig-templates)(\.default)?\.setDefaults$/, engine: 'swig', arg: 0, option: 'autoescape', off: false },
  { callee: /^nunjucks(\.default)?\.configure$/, engine: 'nunjucks', arg: -1, option: 'autoescape', off: false },
  { callee: /^nunjucks(\.default)?\.Environment$/, engine: 'nunjucks', arg: 1, option: 'autoescape', off: false },
  { callee: /^(handlebars|hbs)(\.default)?\.(compile|create)$/, engine: 'handlebars', arg: 1, option: 'noEscape', off: true },
  { callee: /^express-handlebars(\.default)?(\.create|\.engine|\.exphbs)?$/, engine: 'handlebars', arg: 0, option: 'noEscape', off: true },
];

/** Any engine callee: one test per call instead of one per engine (most calls match none). */
const ANY_ENGINE = new RegExp(ENGINES.map((e) => e.callee.source).join('|'));

function optionsOf(call: CallLike, arg: number, index: JsIndex): AstNode | undefined {
  const args = call.arguments as AstNode[];
  if (arg >= 0) return resolveObject(args[arg], index);
  // nunjucks.configure([path], options): the options object is the last argument.
  for (let i = args.length - 1; i >= 0; i--) {
    const o = resolveObject(args[i], index);
    if (o) return o;
  }
  return undefined;
}

/**
 * One template compiled raw beside others the same function compiles escaped (`compile(sender,
 * { noEscape: true })` next to `compile(body)`): escaping was chosen per template, and the raw one
 * is not the markup (a mail header, a subject). Only for single-template compiles, not engines.
 */
function escapesOthers(call: CallLike, callee: RegExp, option: string, index: JsIndex): boolean {
  const fn = index.enclosingFunction(call as AstNode);
  if (!fn?.body || !/compile$/.test(index.resolvedCallee(call) ?? '')) return false;
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => c !== call && callee.test(index.resolvedCallee(c) ?? '') && /compile$/.test(index.resolvedCallee(c) ?? '') && literalValue(objectProp(resolveObject((c.arguments as AstNode[])[1], index), option), index) !== true);
}

/**
 * One template compiled raw in a function that says its output is no markup: a JSON payload
 * (`'Content-Type': 'application/json'`, the result handed to `JSON.parse`) or plain text. HTML
 * escaping would corrupt such output (quotes in JSON), which is why it was turned off.
 */
function rendersNonMarkup(call: CallLike, index: JsIndex): boolean {
  const fn = index.enclosingFunction(call as AstNode);
  if (!fn?.body || !/compile$/.test(index.resolvedCallee(call) ?? '')) return false;
  const text = index.text(fn.body as AstNode);
  if (/text\/html/.test(text)) return false;
  return /application\/json|text\/plain|JSON\.parse\(/.test(text) || rendersStatements(call, text, index);
}

/**
 * A template rendered into statements for a database or a shell (`const sql =
 * compile(t, { noEscape: true })(vars)`, then `sql.split(';')` run one by one, or handed to
 * `.raw(sql)`/`.query(sql)`/`.execute(sql)`): the output is a query, which HTML escaping would break.
 */
function rendersStatements(call: CallLike, body: string, index: JsIndex): boolean {
  const rendered = index.parent(call as AstNode);
  const decl = rendered?.type === 'CallExpression' && rendered.callee === call ? index.parent(rendered) : undefined;
  if (!decl || decl.type !== 'VariableDeclarator' || decl.id.type !== 'Identifier') return false;
  const name = decl.id.name.replace(/\$/g, '\\$');
  return new RegExp(`\\b${name}(\\.toString\\(\\))?\\.split\\(\\s*['"\`];|\\.(raw|query|execute|exec|unsafe)\\(\\s*${name}\\b`).test(body);
}

export function templateEngineFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')]) {
    const r = index.resolvedCallee(call) ?? '';
    const spec = ANY_ENGINE.test(r) ? ENGINES.find((e) => e.callee.test(r)) : undefined;
    if (!spec) continue;
    const value = literalValue(objectProp(optionsOf(call, spec.arg, index), spec.option), index);
    if (value !== spec.off || escapesOthers(call, spec.callee, spec.option, index) || rendersNonMarkup(call, index)) continue;
    out.push(configFact(index, call, 'template-engine', { engine: spec.engine, autoescape: false }, `${spec.engine} templates print values without HTML escaping (${spec.option}: ${String(value)})`, spec.engine));
  }
  return out;
}
