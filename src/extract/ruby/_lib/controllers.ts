// Rails controllers from the shared ast-grep tree: full class name (module nesting included),
// superclass, callbacks (`before_action` with only/except), skips, public actions and the bodies of
// every method (callbacks are judged by what they do, not only by their names).
import type { SgNode } from '@ast-grep/napi';

export interface Callback {
  name: string;
  only?: string[];
  except?: string[];
  /** `unless: :signed_in?` / `if: -> { ... }` as written. */
  unless?: string;
  if?: string;
  line: number;
}

export interface RailsController {
  name: string;
  /** `module` for concerns and other mixins (their `included do` callbacks count as the includer's). */
  kind?: 'class' | 'module';
  superclass: string;
  /** Modules mixed in with `include` (names as written). */
  includes?: string[];
  callbacks: Callback[];
  skips: Callback[];
  /** Public actions: method name → line. */
  actions: Record<string, number>;
  /** Every method's body text (for judging callbacks), by name. */
  bodies: Record<string, string>;
  line: number;
  /** Class-method macros of a concern (`class_methods do def verify_session_before(**) before_action(...)`): name → callbacks. */
  macros?: Record<string, Callback[]>;
  /** Calls of other class-level methods (`verify_session_before only: [:edit]`): possible macros. */
  macroCalls?: Callback[];
  /** CanCanCan `authorize_resource` / `load_and_authorize_resource` (subject: `class:` or the resource name, snake case). */
  authorizes?: (Callback & { subject?: string })[];
  /** `skip_authorize_resource`, `skip_authorization_check`, `skip_after_action :verify_authorized`. */
  authSkips?: Callback[];
  /** `check_authorization` (CanCanCan) or `after_action :verify_authorized` (Pundit): every action must authorise. */
  checksAuthorization?: { library: 'cancancan' | 'pundit'; line: number; only?: string[]; except?: string[] }[];
}

function symbolList(node: SgNode | null | undefined): string[] {
  if (!node) return [];
  return [...node.text().matchAll(/:(\w+[!?]?)|['"](\w+[!?]?)['"]|%i\[([^\]]*)\]/g)].flatMap((m) => (m[3] ? m[3].trim().split(/\s+/) : [m[1] ?? m[2]]));
}

function callback(call: SgNode): Callback[] {
  const args = call.field('arguments')?.namedChildren() ?? [];
  const names = args.filter((a) => a.kind() === 'simple_symbol' || a.kind() === 'string').map((a) => a.text().replace(/^:|^['"]|['"]$/g, ''));
  let only: string[] | undefined;
  let except: string[] | undefined;
  const cond: { unless?: string; if?: string } = {};
  for (const pair of args.filter((a) => a.kind() === 'pair')) {
    const key = pair.field('key')?.text().replace(/:$/, '').replace(/^:/, '');
    if (key === 'only') only = symbolList(pair.field('value'));
    if (key === 'except') except = symbolList(pair.field('value'));
    if (key === 'unless') cond.unless = pair.field('value')?.text();
    if (key === 'if') cond.if = pair.field('value')?.text();
  }
  const line = call.range().start.line + 1;
  return names.map((name) => ({ name, only, except, line, ...cond }));
}

/** `authorize_resource :trace, class: Trace, only: [:x]` → subject `trace` (`class: false` keeps the name). */
function authorization(call: SgNode): Callback & { subject?: string } {
  const named = callback(call)[0]?.name;
  const args = call.field('arguments')?.namedChildren() ?? [];
  const cls = args.filter((a) => a.kind() === 'pair').find((p) => /^:?class:?$/.test(p.field('key')?.text() ?? ''))?.field('value')?.text();
  const subject = cls && cls !== 'false' && cls !== 'nil' ? snakeName(cls) : named;
  return { name: named ?? '', line: call.range().start.line + 1, ...onlyExcept(call), subject };
}

function onlyExcept(call: SgNode): { only?: string[]; except?: string[] } {
  const out: { only?: string[]; except?: string[] } = {};
  for (const pair of (call.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() === 'pair')) {
    const key = pair.field('key')?.text().replace(/:$/, '').replace(/^:/, '');
    if (key === 'only') out.only = symbolList(pair.field('value'));
    if (key === 'except') out.except = symbolList(pair.field('value'));
  }
  return out;
}

function snakeName(text: string): string {
  return text
    .replace(/^:+|^['"]|['"]$/g, '')
    .replace(/::/g, '/')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const AUTHORIZE = new Set(['authorize_resource', 'load_and_authorize_resource']);
const AUTH_SKIPS = new Set(['skip_authorize_resource', 'skip_load_and_authorize_resource', 'skip_authorization_check']);

function bareCall(stmt: SgNode, ctrl: RailsController): void {
  const name = stmt.text();
  const line = stmt.range().start.line + 1;
  if (AUTHORIZE.has(name)) (ctrl.authorizes ??= []).push({ name: '', line });
  else if (AUTH_SKIPS.has(name)) (ctrl.authSkips ??= []).push({ name, line });
  else if (name === 'check_authorization') (ctrl.checksAuthorization ??= []).push({ library: 'cancancan', line });
  else if (!NOT_MACROS.has(name)) (ctrl.macroCalls ??= []).push({ name, line });
}

/** Class-level calls that are never callback macros (cheap to skip, and keeps the records small). */
const NOT_MACROS = new Set(['include', 'extend', 'included', 'layout', 'helper', 'helper_method', 'attr_reader', 'attr_accessor', 'private', 'protected', 'public', 'rescue_from', 'respond_to', 'after_action', 'around_action', 'skip_after_action', 'delegate', 'require', 'alias_method']);

/** `def verify_session_before(**)` ... `before_action(:redirect_to_signin, **, unless: :signed_in?)` inside `class_methods do`. */
function readMacros(text: string, ctrl: RailsController): void {
  for (const def of text.matchAll(/^\s*def\s+(?:self\.)?(\w+[!?]?)[^\n]*\n([\s\S]*?)^\s*end\b/gm)) {
    const callbacks: Callback[] = [];
    for (const cb of def[2].matchAll(/\bbefore_action\s*\(?\s*:(\w+[!?]?)([^\n]*)/g)) {
      const unless = /\bunless:\s*(:\w+[?!]?|->\s*\{[^}]*\})/.exec(cb[2])?.[1];
      const cond = /\bif:\s*(:\w+[?!]?|->\s*\{[^}]*\})/.exec(cb[2])?.[1];
      callbacks.push({ name: cb[1], line: 0, ...(unless ? { unless } : {}), ...(cond ? { if: cond } : {}) });
    }
    if (callbacks.length > 0) (ctrl.macros ??= {})[def[1]] = callbacks;
  }
}

const CALLBACKS = new Set(['before_action', 'before_filter', 'prepend_before_action', 'append_before_action']);
const SKIPS = new Set(['skip_before_action', 'skip_before_filter']);

/** Reads `before_action`, `skip_before_action` and `include` calls of a class, module or `included do` body. */
function readCalls(stmt: SgNode, ctrl: RailsController): void {
  const method = stmt.field('method')?.text() ?? '';
  if (CALLBACKS.has(method)) ctrl.callbacks.push(...callback(stmt));
  // Rails' own HTTP Basic gate: a before_action that answers 401 without the configured credentials.
  else if (method === 'http_basic_authenticate_with') ctrl.callbacks.push({ name: method, line: stmt.range().start.line + 1, ...onlyExcept(stmt) });
  else if (AUTHORIZE.has(method)) (ctrl.authorizes ??= []).push(authorization(stmt));
  else if (AUTH_SKIPS.has(method)) (ctrl.authSkips ??= []).push({ name: method, line: stmt.range().start.line + 1, ...onlyExcept(stmt) });
  else if (method === 'check_authorization') (ctrl.checksAuthorization ??= []).push({ library: 'cancancan', line: stmt.range().start.line + 1, ...onlyExcept(stmt) });
  else if (method === 'after_action' && callback(stmt).some((c) => c.name === 'verify_authorized')) (ctrl.checksAuthorization ??= []).push({ library: 'pundit', line: stmt.range().start.line + 1, ...onlyExcept(stmt) });
  else if (method === 'skip_after_action' && callback(stmt).some((c) => c.name === 'verify_authorized')) (ctrl.authSkips ??= []).push({ name: 'verify_authorized', line: stmt.range().start.line + 1, ...onlyExcept(stmt) });
  else if (SKIPS.has(method)) ctrl.skips.push(...callback(stmt));
  else if (method === 'include') (ctrl.includes ??= []).push(...(stmt.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() === 'constant' || a.kind() === 'scope_resolution').map((a) => a.text()));
  else if (method === 'class_methods' && ctrl.kind === 'module') readMacros(stmt.text(), ctrl);
  else if (/^[a-z_]\w*$/.test(method) && !NOT_MACROS.has(method)) (ctrl.macroCalls ??= []).push({ name: method, line: stmt.range().start.line + 1, ...onlyExcept(stmt) });
  else if (method === 'included' && ctrl.kind === 'module') {
    const block = stmt.field('block');
    for (const inner of block?.field('body')?.children() ?? block?.children().find((c) => c.kind() === 'body_statement' || c.kind() === 'block_body')?.children() ?? []) {
      if (inner.kind() === 'call' && !inner.field('receiver')) readCalls(inner, ctrl);
    }
  }
}

export function readControllers(root: SgNode): RailsController[] {
  const out: RailsController[] = [];
  for (const cls of root.findAll({ rule: { any: [{ kind: 'class' }, { kind: 'module' }] } })) {
    const own = cls.field('name')?.text() ?? '';
    const modules = cls
      .ancestors()
      .filter((a) => a.kind() === 'module' || a.kind() === 'class')
      .map((a) => a.field('name')?.text() ?? '')
      .reverse();
    const name = [...modules, own].filter(Boolean).join('::');
    const superclass = cls.field('superclass')?.text().replace(/^<\s*/, '') ?? '';
    const body = cls.field('body');
    const ctrl: RailsController = { name, kind: cls.kind() === 'module' ? 'module' : 'class', superclass, callbacks: [], skips: [], actions: {}, bodies: {}, line: cls.range().start.line + 1 };
    let visibility = 'public';
    for (const stmt of body?.children() ?? []) {
      const kind = stmt.kind();
      if (kind === 'identifier' && /^(private|protected|public)$/.test(stmt.text())) visibility = stmt.text();
      // A bare `check_authorization` / `authorize_resource` parses as an identifier, not a call.
      else if (kind === 'identifier') bareCall(stmt, ctrl);
      else if (kind === 'call' && !stmt.field('receiver')) readCalls(stmt, ctrl);
      else if (kind === 'method') {
        const mname = stmt.field('name')?.text() ?? '';
        ctrl.bodies[mname] = stmt.text();
        if (visibility === 'public') ctrl.actions[mname] = stmt.range().start.line + 1;
      }
    }
    // A module matters only as a mixin that defines callbacks or methods.
    if (ctrl.kind === 'class' || ctrl.callbacks.length > 0 || ctrl.macros || ctrl.authorizes || ctrl.checksAuthorization || Object.keys(ctrl.bodies).length > 0) out.push(ctrl);
  }
  return out;
}

/** `admin/users` → `Admin::UsersController`. */
export function controllerClass(path: string): string {
  return `${path
    .split('/')
    .map((p) => p.replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase()))
    .join('::')}Controller`;
}
