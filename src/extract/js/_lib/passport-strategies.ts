// Passport strategies as the handlers of the routes that run them. `router.post('/login',
// passport.authenticate('login', { successRedirect }))` has no function of its own: the work is
// the verify callback of `passport.use('login', new LocalStrategy(opts, (req, username, password,
// done) => ...))`, usually in another file. That callback is summarised here under the strategy's
// name (`~passport:login`), and the route points at it; link joins the two by that name.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, functionOf, memberPath, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from './ast.js';
import { accessFacts, summarizeHandler } from './routes-handler.js';
import type { HandlerRef } from './routes.js';

/** The module link files strategy callbacks under: no file of the repository has this name. */
export const STRATEGY_MODULE = '~passport';

/** Names a strategy registers under when `use` names none: `passport.use(new LocalStrategy(cb))` is `local`. */
const DEFAULT_NAMES: Record<string, string> = { 'passport-local': 'local' };

/** `passport.use('<name>', new XStrategy(options?, verify))`: the verify callbacks of this file by strategy name. */
export function strategyHandlerFacts(index: JsIndex): FactInput[] {
  const content = index.content;
  if (!content.includes('Strategy') || !content.includes('.use(')) return [];
  const out: FactInput[] = [];
  const fne = index.file.replace(/\.(?:[cm]?[jt]sx?)$/, '');
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'use' || call.arguments.length === 0 || call.arguments.length > 2) continue;
    const created = unwrap(call.arguments[call.arguments.length - 1] as AstNode);
    if (created.type !== 'NewExpression') continue;
    const ctor = memberPath(unwrap(created.callee as AstNode));
    if (!ctor || !/Strategy$/.test(ctor[ctor.length - 1])) continue;
    const module = index.bindings.get(ctor[0])?.module;
    const name = call.arguments.length === 2 ? stringValue(call.arguments[0] as AstNode, index) : module ? DEFAULT_NAMES[module] : undefined;
    const verify = functionOf(created.arguments[created.arguments.length - 1] as AstNode | undefined, index);
    if (!name || !verify) continue;
    const summary = summarizeHandler(verify, index);
    // A login always changes state (it writes the session), whatever the callback itself writes.
    const tags = summary.tags.filter((t) => t !== 'no-state-change');
    const exportName = `${STRATEGY_MODULE}:${name}`;
    const record = { exports: [exportName], name: `passport strategy '${name}'`, line: index.line(verify), tags, rejects: false, answers: true };
    out.push({ kind: 'config', setting: 'js-handler', values: { data: JSON.stringify(record) }, evidence: index.evidence(verify), key: `${index.file}#js-handler:${exportName}` });
    out.push(...accessFacts(summary, index, { handler: `${fne}#${exportName}` }));
  }
  return out;
}

/** The strategy a route's handler position runs: `passport.authenticate('login', {...})` (one named strategy). */
export function strategyHandlerRef(handler: AstNode, index: JsIndex): HandlerRef | undefined {
  const call = unwrap(handler);
  if (call.type !== 'CallExpression' || !/(^|\.)passport\.authenticate$/.test(calleeName(call as CallLike) ?? '')) return undefined;
  const name = stringValue(call.arguments[0] as AstNode | undefined, index);
  return name ? { module: STRATEGY_MODULE, from: index.file, export: `${STRATEGY_MODULE}:${name}`, name: `passport.authenticate('${name}')` } : undefined;
}
