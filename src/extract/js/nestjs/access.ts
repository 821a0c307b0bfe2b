// Record access in a Nest controller method: an id from @Param/@Body/@Query handed to a service
// or repository CRUD method, with no authenticated-user parameter (@Req, @CurrentUser...) in the
// method to scope it by owner.
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeProperty, memberPath, nodesUnder, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { decoratorsOf } from './decorators.js';

const OPS: Record<string, 'read' | 'update' | 'delete'> = {
  findOne: 'read', findById: 'read', findOneBy: 'read', findOneOrFail: 'read', get: 'read', getById: 'read', findUnique: 'read',
  update: 'update', updateById: 'update', patch: 'update', save: 'update',
  remove: 'delete', delete: 'delete', deleteById: 'delete', removeById: 'delete', destroy: 'delete',
};
const USER_DECORATOR = /User|Auth|Session|Principal|Account|Req|Request|Claims|Jwt|Token/;

export function nestAccess(method: AstNode, index: JsIndex, routeLine: number): FactInput[] {
  const fn = (method as unknown as { value: AstNode & { params: AstNode[]; body: AstNode | null } }).value;
  if (!fn.body) return [];
  const idNames = new Map<string, string>();
  for (const p of fn.params) {
    const inner = p.type === 'TSParameterProperty' ? (p.parameter as AstNode) : p;
    const decs = decoratorsOf(p).concat(decoratorsOf(inner));
    if (decs.some((d) => USER_DECORATOR.test(d.name))) return [];
    const id = inner.type === 'Identifier' ? inner.name : undefined;
    const d = decs.find((x) => x.name === 'Param' || x.name === 'Body' || x.name === 'Query');
    if (id && d) idNames.set(id, `@${d.name}(${d.args.map((a) => index.text(a)).join('')})`);
  }
  if (idNames.size === 0) return [];
  const out: FactInput[] = [];
  for (const call of nodesUnder(fn.body, 'CallExpression')) {
    const op = OPS[calleeProperty(call) ?? ''];
    const obj = memberPath(call.callee as AstNode)?.slice(0, -1);
    if (!op || !obj || obj[0] !== 'this' || obj.length !== 2 || !/(Service|Repository|Repo|Model)$/.test(obj[1])) continue;
    const arg = call.arguments.map((a) => unwrap(a as AstNode)).find((a) => {
      const base = a.type === 'UnaryExpression' ? unwrap(a.argument) : a.type === 'CallExpression' ? unwrap(a.arguments[0] as AstNode) : a;
      return base && base.type === 'Identifier' && idNames.has(base.name) && /id$/i.test(base.name);
    });
    if (!arg) continue;
    const model = obj[1].replace(/(Service|Repository|Repo|Model)$/, '');
    const values: ConfigFact['values'] = { model, operation: op, api: `${obj[1]}.${calleeProperty(call)}`, idSource: idNames.get(index.text(arg).replace(/^\+|^\w+\(|\)$/g, '')) ?? index.text(arg), ownerCheck: false, routeFile: index.file, routeLine };
    out.push({ kind: 'config', setting: 'record-access', values, summary: `${values.api} by ${values.idSource} without an ownership check`, evidence: index.evidence(call), key: `${index.file}#record-access:${index.enclosingFunctionName(call)}:${values.api}` });
  }
  return out;
}
