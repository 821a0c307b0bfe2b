// Astro Actions: `export const server = { like: defineAction({ input, handler }) }` in
// `src/actions/index.ts`, nested objects giving dotted names (`server = { team: { create } }`).
// Each action is served as `POST /_actions/<dotted name>` (the client's `actions.team.create()`).
// An object of actions in another module (`export const team = { create: defineAction(...) }`,
// gathered as `server = { team }`) is named by the name it is exported under.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { calleeName, functionOf, memberPath, objectProp, propertyKey, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { canRefuse } from '../_lib/routes-guards.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import type { HandlerRef } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { localsCheck } from './locals-check.js';

export const ACTIONS_MOUNT = 'astro-actions-mount';

/** A module of actions gathered under a key of `server` by a namespace import (`import * as users from './users'`). */
export interface ActionsMount {
  key: string;
  /** The module's path from the repository root, without extension. */
  target: string;
}

export interface ActionSite {
  name: string;
  call: CallLike;
  fn?: FunctionLike;
  /** `handler: handlers.create` of another module: judged there by link. */
  delegate?: HandlerRef;
  /** `accept: 'form'`: posted as a form (a browser can submit it cross-site). */
  form: boolean;
  /** An `input` schema validates what the handler gets. */
  validated: boolean;
}

/** The dotted name of the action defined at `call`, from the object keys around it. */
function actionName(call: AstNode, index: JsIndex): string | undefined {
  const keys: string[] = [];
  for (const a of index.ancestors(call)) {
    if (a.type === 'Property') {
      const k = propertyKey(a);
      if (k === undefined) return undefined;
      keys.unshift(k);
    } else if (a.type === 'VariableDeclarator') {
      const id = a.id.type === 'Identifier' ? a.id.name : undefined;
      if (id && id !== 'server') keys.unshift(id);
      return keys.length > 0 ? keys.join('.') : undefined;
    } else if (a.type === 'ExportDefaultDeclaration' || a.type === 'Program') return keys.length > 0 ? keys.join('.') : undefined;
    else if (a.type !== 'ObjectExpression' && a.type !== 'TSSatisfiesExpression' && a.type !== 'TSAsExpression' && a.type !== 'ParenthesizedExpression') return undefined;
  }
  return undefined;
}

export function actionSites(index: JsIndex): ActionSite[] {
  const out: ActionSite[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (!/(^|\.)defineAction$/.test(calleeName(call) ?? '')) continue;
    const name = actionName(call, index);
    if (!name) continue;
    const opts = unwrap(call.arguments[0] as AstNode | undefined);
    const handler = objectProp(opts, 'handler');
    const fn = functionOf(handler, index);
    out.push({
      name,
      call,
      fn,
      ...(fn || !handler ? {} : { delegate: importedHandler(handler, index) }),
      form: stringValue(objectProp(opts, 'accept'), index) === 'form',
      validated: objectProp(opts, 'input') !== undefined,
    });
  }
  return out;
}

/** `handler: createDrawing` (imported) or `handler: drawingHandlers.create` (namespace import). */
function importedHandler(node: AstNode, index: JsIndex): HandlerRef | undefined {
  const path = memberPath(unwrap(node));
  if (!path || path.length > 2) return undefined;
  const b = index.bindings.get(path[0]);
  if (!b) return undefined;
  if (path.length === 1 && b.imported !== '*') return { module: b.module, from: index.file, export: b.imported, name: path[0] };
  if (path.length === 2 && b.imported === '*') return { module: b.module, from: index.file, export: path[1], name: path.join('.') };
  return undefined;
}

/** `export const server = { users, drawings }` with `import * as users from './users/users.actions'`. */
export function actionMounts(index: JsIndex): FactInput[] {
  const server = resolveObject(index.exports.get('server'), index);
  if (!server || server.type !== 'ObjectExpression') return [];
  const out: FactInput[] = [];
  for (const p of server.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyKey(p);
    const v = unwrap(p.value as AstNode);
    const b = v.type === 'Identifier' ? index.bindings.get(v.name) : undefined;
    if (!key || !b || b.imported !== '*' || !b.module.startsWith('.')) continue;
    const target = posix.normalize(posix.join(posix.dirname(index.file), b.module)).replace(/\.[cm]?[jt]s$/, '');
    const mount: ActionsMount = { key, target };
    out.push({ kind: 'config', setting: ACTIONS_MOUNT, values: { data: JSON.stringify(mount) }, evidence: index.evidence(p), key: `${index.file}#config:${ACTIONS_MOUNT}:${key}` });
  }
  return out;
}

/** Parameter names and types of an action handler's context (`(input, context)`, `ActionAPIContext`). */
const CONTEXT_PARAM = /^(c|ctx|context|_c|_ctx|_context)$/;

/**
 * Action handlers another module exports (`export const create: ActionHandler<...> = async (input, c) => ...`),
 * which `defineAction({ handler: handlers.create })` names: summarised for link like exported
 * Express controllers (`js-handler` records), which only read functions shaped like `(req, res)`.
 */
export function actionHandlerFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const fne = index.file.replace(/\.[cm]?[jt]s$/, '');
  for (const [name, value] of index.exports) {
    const fn = functionOf(value, index);
    if (!fn || fn.params.length < 2) continue;
    const second = fn.params[1] as AstNode;
    const typed = /ActionAPIContext|APIContext/.test(index.text(second)) || /ActionHandler\b/.test(index.text(index.parent(fn) ?? fn).slice(0, 300));
    if (!typed && !(second.type === 'Identifier' && CONTEXT_PARAM.test(second.name))) continue;
    const summary = summarizeHandler(fn, index);
    let { inline } = handlerAuth(summary.inline, fn, index);
    const locals = !inline || inline.level === 'unknown' ? localsCheck(fn, index) : undefined;
    if (locals) inline = locals;
    const record = { exports: [name], name, line: index.line(fn), inline, tags: summary.tags, rejects: canRefuse(fn, index), answers: true, guardCalls: summary.guardCalls };
    out.push({ kind: 'config', setting: 'js-handler', values: { data: JSON.stringify(record) }, evidence: index.evidence(fn), key: `${index.file}#js-handler:${name}` });
    out.push(...accessFacts(summary, index, { handler: `${fne}#${name}` }));
  }
  return out;
}
