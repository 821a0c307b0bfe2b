// Rails controllers from the shared ast-grep tree: full class name (module nesting included),
// superclass, callbacks (`before_action` with only/except), skips, public actions and the bodies of
// every method (callbacks are judged by what they do, not only by their names).
import type { SgNode } from '@ast-grep/napi';

export interface Callback {
  name: string;
  only?: string[];
  except?: string[];
  line: number;
}

export interface RailsController {
  name: string;
  superclass: string;
  callbacks: Callback[];
  skips: Callback[];
  /** Public actions: method name → line. */
  actions: Record<string, number>;
  /** Every method's body text (for judging callbacks), by name. */
  bodies: Record<string, string>;
  line: number;
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
  for (const pair of args.filter((a) => a.kind() === 'pair')) {
    const key = pair.field('key')?.text().replace(/:$/, '').replace(/^:/, '');
    if (key === 'only') only = symbolList(pair.field('value'));
    if (key === 'except') except = symbolList(pair.field('value'));
  }
  const line = call.range().start.line + 1;
  return names.map((name) => ({ name, only, except, line }));
}

const CALLBACKS = new Set(['before_action', 'before_filter', 'prepend_before_action', 'append_before_action']);
const SKIPS = new Set(['skip_before_action', 'skip_before_filter']);

export function readControllers(root: SgNode): RailsController[] {
  const out: RailsController[] = [];
  for (const cls of root.findAll({ rule: { kind: 'class' } })) {
    const own = cls.field('name')?.text() ?? '';
    const modules = cls
      .ancestors()
      .filter((a) => a.kind() === 'module' || a.kind() === 'class')
      .map((a) => a.field('name')?.text() ?? '')
      .reverse();
    const name = [...modules, own].filter(Boolean).join('::');
    const superclass = cls.field('superclass')?.text().replace(/^<\s*/, '') ?? '';
    const body = cls.field('body');
    const ctrl: RailsController = { name, superclass, callbacks: [], skips: [], actions: {}, bodies: {}, line: cls.range().start.line + 1 };
    let visibility = 'public';
    for (const stmt of body?.children() ?? []) {
      const kind = stmt.kind();
      if (kind === 'identifier' && /^(private|protected|public)$/.test(stmt.text())) visibility = stmt.text();
      else if (kind === 'call' && !stmt.field('receiver')) {
        const method = stmt.field('method')?.text() ?? '';
        if (CALLBACKS.has(method)) ctrl.callbacks.push(...callback(stmt));
        else if (SKIPS.has(method)) ctrl.skips.push(...callback(stmt));
      } else if (kind === 'method') {
        const mname = stmt.field('name')?.text() ?? '';
        ctrl.bodies[mname] = stmt.text();
        if (visibility === 'public') ctrl.actions[mname] = stmt.range().start.line + 1;
      }
    }
    out.push(ctrl);
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
