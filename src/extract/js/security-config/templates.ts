// Server-side template engines configured to print values without HTML escaping: swig
// `setDefaults({ autoescape: false })`, nunjucks `configure(..., { autoescape: false })` and
// `new Environment(loader, { autoescape: false })`, Handlebars `compile(t, { noEscape: true })`,
// and express-handlebars / hbs instances created with `noEscape`. With escaping off, every view
// that prints request or stored data is a cross-site scripting sink.
import type { FactInput } from '../../../model/types.js';
import { literalValue, objectProp, resolveObject, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
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

export function templateEngineFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')]) {
    const r = index.resolvedCallee(call) ?? '';
    const spec = ANY_ENGINE.test(r) ? ENGINES.find((e) => e.callee.test(r)) : undefined;
    if (!spec) continue;
    const value = literalValue(objectProp(optionsOf(call, spec.arg, index), spec.option), index);
    if (value !== spec.off) continue;
    out.push(configFact(index, call, 'template-engine', { engine: spec.engine, autoescape: false }, `${spec.engine} templates print values without HTML escaping (${spec.option}: ${String(value)})`, spec.engine));
  }
  return out;
}
