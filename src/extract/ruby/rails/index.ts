import type { AuthLevel, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { adminLikeText, authLikeName, routeTags } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { RANK } from '../../java/_lib/access.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { controllerClass, type RailsController, readControllers } from '../_lib/controllers.js';
import { isRubyFile, rubyTree } from '../_lib/files.js';
import { readRoutes } from '../_lib/routes-dsl.js';

const CONTROLLER_SETTING = 'rails-controller';
const TARGET_TAG = '~rails:';
/** Devise and common authentication gems: what their callbacks require. */
const KNOWN: Record<string, AuthLevel> = {
  authenticate_user: 'user',
  'authenticate_user!': 'user',
  'authenticate_admin!': 'admin',
  'authenticate_admin_user!': 'admin',
  'require_login': 'user',
  'authenticate!': 'user',
  'doorkeeper_authorize!': 'user',
  'authenticate_request!': 'user',
};

function isRoutesFile(path: string): boolean {
  return /(?:^|\/)config\/routes(?:\.rb|\/[\w-]+\.rb)$/.test(path);
}

function sinatraFacts(file: { path: string; content: string }, evidence: (line: number) => FactInput['evidence']): FactInput[] {
  const text = blankComments(file.content, true);
  const facts: FactInput[] = [];
  const globalAuth = /\bbefore\s+do\b[\s\S]*?\b(?:halt\s+40[13]|authenticate!|protected!|warden\.authenticate)/.test(text);
  for (const m of text.matchAll(/^\s*(get|post|put|patch|delete|options)\s+['"]([^'"]+)['"]\s*(?:,[^\n]*)?\s+do\b([\s\S]*?)^\s*end\b/gm)) {
    const method = m[1].toUpperCase();
    const body = m[3];
    const inline = /\b(?:halt\s+40[13]|authenticate!|protected!|authorize!|require_login|warden\.authenticate)/.test(body);
    const level: AuthLevel = inline || globalAuth ? (/admin/i.test(body) ? 'admin' : 'user') : 'none';
    facts.push({
      kind: 'entrypoint',
      protocol: 'http',
      framework: 'sinatra',
      method,
      path: m[2],
      middleware: [],
      auth: level,
      authEvidence: level === 'none' ? [] : [inline ? 'check in the route block' : 'before filter'],
      tags: routeTags(method, m[2], [], undefined),
      evidence: evidence(lineAt(text, (m.index ?? 0) + m[0].indexOf(m[1]))),
      key: `${file.path}#entrypoint:http ${method} ${m[2]}`,
    });
  }
  return facts;
}

export const extractor: Extractor = {
  id: 'ruby/rails',
  title: 'Rails routes and controllers (before_action authentication, CSRF, strong parameters) and Sinatra routes',
  matches: (path) => isRubyFile(path) || isRoutesFile(path),
  signals: ['Controller', 'routes', 'resources', 'get ', 'post ', 'Sinatra', 'sinatra', 'permit!'],
  extract(file, ctx) {
    const facts: FactInput[] = [];
    const { root, lines } = rubyTree(file, ctx);
    const evidence = (line: number) => lines.evidence(file.path, line);
    if (isRoutesFile(file.path)) {
      for (const r of readRoutes(file.content)) {
        const target = r.mount ? `mount:${r.mount}` : r.target;
        facts.push({
          kind: 'entrypoint',
          protocol: 'http',
          framework: 'rails',
          method: r.method,
          path: r.path,
          middleware: [],
          auth: 'none',
          authEvidence: [],
          tags: routeTags(r.method, r.path, [], r.target.split('#')[1], [`${TARGET_TAG}${target}`]),
          evidence: evidence(r.line),
          key: `${file.path}#entrypoint:http ${r.method} ${r.path}`,
        });
      }
      return facts.length > 0 ? facts : null;
    }
    if (/\bsinatra\b|Sinatra::/.test(file.content)) facts.push(...sinatraFacts(file, evidence));
    for (const c of readControllers(root)) {
      if (!/Controller$/.test(c.name)) continue;
      facts.push({ kind: 'config', setting: CONTROLLER_SETTING, values: { data: JSON.stringify(c), file: file.path }, evidence: evidence(c.line), key: `${file.path}#${CONTROLLER_SETTING}:${c.name}` });
      for (const skip of c.skips.filter((s) => s.name === 'verify_authenticity_token')) {
        facts.push({ kind: 'config', setting: 'rails-csrf', values: { skipped: true, controller: c.name, only: skip.only?.join(',') ?? null }, summary: `${c.name} skips verify_authenticity_token`, evidence: evidence(skip.line), key: `${file.path}#rails-csrf:${c.name}` });
      }
    }
    const text = blankComments(file.content, true);
    const nullSession = /\bprotect_from_forgery\b[^\n]*with:\s*:null_session/.exec(text);
    if (nullSession) facts.push({ kind: 'config', setting: 'rails-csrf', values: { skipped: false, nullSession: true }, summary: 'protect_from_forgery with: :null_session', evidence: evidence(lineAt(text, nullSession.index)), key: `${file.path}#rails-csrf:null-session` });
    for (const m of text.matchAll(/\bparams(?:\.require\([^)]*\))?\.permit!/g)) {
      const line = lineAt(text, m.index ?? 0);
      facts.push({ kind: 'config', setting: 'rails-permit-all', values: { expression: m[0] }, summary: 'params.permit! allows every attribute', evidence: evidence(line), key: `${file.path}#rails-permit-all:${line > 0 ? m[0] : ''}` });
    }
    return facts.length > 0 ? facts : null;
  },
  link: linkControllers,
};

interface Known {
  file: string;
  ctrl: RailsController;
}

/** What a callback requires, judged by its body when the repository defines it, else by known gem names. */
function judge(name: string, chain: Known[]): { level: AuthLevel; why: string } | undefined {
  const body = chain.map((k) => k.ctrl.bodies[name]).find((b) => b !== undefined);
  if (body !== undefined) {
    const checks = /current_user|current_\w+|session\[|authenticate|warden|logged_in|signed_in|user_signed_in\?|token|api_key/.test(body);
    const denies = /redirect_to|head\s*\(?\s*:(?:unauthorized|forbidden)|status:\s*:(?:unauthorized|forbidden|401|403)|\braise\b|render_unauthorized|\bhalt\b|authenticate\w*!/.test(body);
    if (checks && denies) return { level: /admin|role|superuser|staff/.test(body) || adminLikeText(name) ? 'admin' : 'user', why: `before_action :${name}` };
    return undefined;
  }
  if (KNOWN[name]) return { level: KNOWN[name], why: `before_action :${name}` };
  if (authLikeName(name)) return { level: adminLikeText(name) ? 'admin' : 'unknown', why: `before_action :${name}` };
  return undefined;
}

function applies(cb: { only?: string[]; except?: string[] }, action: string): boolean {
  if (cb.only && !cb.only.includes(action)) return false;
  if (cb.except && cb.except.includes(action)) return false;
  return true;
}

/**
 * Routes get their controller's (and its ancestors') before_action callbacks for the action,
 * minus skip_before_action, judged by what the callback does; the action's def becomes the handler.
 */
function linkControllers(facts: Fact[]): Fact[] {
  const controllers = new Map<string, Known>();
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== CONTROLLER_SETTING) continue;
    try {
      const ctrl = JSON.parse(String(f.values.data)) as RailsController;
      controllers.set(ctrl.name, { file: String(f.values.file), ctrl });
    } catch {
      /* an unreadable record costs that controller's auth only */
    }
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === CONTROLLER_SETTING) continue;
    const tag = f.kind === 'entrypoint' ? f.tags?.find((t) => t.startsWith(TARGET_TAG)) : undefined;
    if (!tag || f.kind !== 'entrypoint') {
      out.push(f);
      continue;
    }
    const target = tag.slice(TARGET_TAG.length);
    const tags = (f.tags ?? []).filter((t) => t !== tag);
    const [path, action] = target.split('#');
    const chain: Known[] = [];
    for (let k = controllers.get(controllerClass(path)); k && chain.length < 10 && !chain.includes(k); ) {
      chain.push(k);
      // A superclass name resolves in the class's own namespace first (Admin::BaseController).
      const parent = k.ctrl.superclass.replace(/^::/, '');
      const namespace = k.ctrl.name.split('::').slice(0, -1);
      let found: Known | undefined;
      for (let n = namespace.length; n >= 0 && !found; n--) found = controllers.get([...namespace.slice(0, n), parent].join('::'));
      k = found;
    }
    let level: AuthLevel = 'none';
    const evidence: string[] = [];
    const skipped = new Set(chain.flatMap((k) => k.ctrl.skips.filter((s) => action && applies(s, action)).map((s) => s.name)));
    for (const k of [...chain].reverse()) {
      for (const cb of k.ctrl.callbacks) {
        if (!action || !applies(cb, action) || skipped.has(cb.name)) continue;
        const j = judge(cb.name, chain);
        if (!j) continue;
        if (RANK[j.level] > RANK[level]) level = j.level;
        evidence.push(j.why);
      }
    }
    const next: EntrypointFact = { ...f, tags, auth: level, authEvidence: evidence };
    const owner = chain[0];
    if (owner && action && owner.ctrl.actions[action] !== undefined) next.handler = { file: owner.file, line: owner.ctrl.actions[action], name: `${owner.ctrl.name}#${action}` };
    out.push(next);
  }
  return out;
}
