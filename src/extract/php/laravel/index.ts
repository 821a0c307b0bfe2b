import type { AuthLevel, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { adminLikeText, authLikeName, routeTags } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { RANK } from '../../java/_lib/access.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { Lines } from '../../_polyglot/lines.js';
import { isPhpFile } from '../_lib/files.js';
import { readLaravelRoutes } from './routes.js';

const CONTROLLER_SETTING = 'laravel-controller-middleware';
const HANDLER_TAG = '~laravel:';

/** What a middleware alias requires. Custom aliases count only by a telling name (unknown). */
export function middlewareLevel(name: string): AuthLevel | undefined {
  const [alias, params = ''] = name.split(':');
  if (alias === 'guest' || alias === 'throttle' || alias === 'signed' || alias === 'cache.headers' || alias === 'bindings') return undefined;
  if (/^auth(?:\.basic|\.session)?$/.test(alias) || alias === 'verified' || alias === 'password.confirm') return 'user';
  if (/^(?:can|role|permission|ability|abilities|role_or_permission)$/.test(alias)) return adminLikeText(params) ? 'admin' : 'user';
  if (adminLikeText(alias)) return 'admin';
  if (authLikeName(alias)) return 'unknown';
  return undefined;
}

function decide(middleware: string[]): { level: AuthLevel; evidence: string[] } {
  let level: AuthLevel = 'none';
  const evidence: string[] = [];
  for (const m of middleware) {
    const l = middlewareLevel(m);
    if (!l) continue;
    evidence.push(`middleware('${m}')`);
    if (RANK[l] > RANK[level]) level = l;
  }
  return { level, evidence };
}

function isRoutesFile(path: string): boolean {
  return /(?:^|\/)routes\/[\w-]+\.php$/.test(path);
}

/** A script under a web root reading request data directly: the file is the endpoint. */
function scriptFacts(path: string, text: string, lines: Lines): FactInput[] {
  if (!/\$_(?:GET|POST|REQUEST)\b/.test(text) || /^\s*(?:namespace|class)\b/m.test(text) || /(?:^|\/)(?:app|src|lib|config|routes)\//.test(path)) return [];
  const post = /\$_POST\b/.test(text);
  const method = post ? 'POST' : 'GET';
  const url = `/${path.replace(/^(?:public|www|htdocs|public_html|web)\//, '')}`;
  const guarded = /\$_SESSION\s*\[[^\]]+\][\s\S]{0,200}?(?:header\s*\(\s*['"]Location|exit|die|http_response_code\s*\(\s*40[13])/.exec(text);
  const level: AuthLevel = guarded ? (/admin|role/i.test(guarded[0]) ? 'admin' : 'user') : 'none';
  const first = /\$_(?:GET|POST|REQUEST)\b/.exec(text);
  const line = first ? lineAt(text, first.index) : 1;
  const fact: Omit<EntrypointFact, 'extractor'> = {
    kind: 'entrypoint',
    protocol: 'http',
    framework: 'php',
    method,
    path: url,
    middleware: [],
    auth: level,
    authEvidence: guarded ? ['$_SESSION check before the page runs'] : [],
    tags: routeTags(method, url, [], undefined),
    evidence: lines.evidence(path, line),
    key: `${path}#entrypoint:http ${method} ${url}`,
  };
  return [fact];
}

export const extractor: Extractor = {
  id: 'php/laravel',
  title: 'Laravel routes (middleware, groups, resources) and controller middleware; plain PHP scripts as endpoints',
  matches: isPhpFile,
  signals: ['Route::', 'middleware', '$_GET', '$_POST', '$_REQUEST'],
  extract(file) {
    const text = blankComments(file.content, true);
    const lines = new Lines(file.content);
    const facts: FactInput[] = [];
    if (isRoutesFile(file.path)) {
      const api = /(?:^|\/)routes\/api\.php$/.test(file.path);
      for (const r of readLaravelRoutes(text, api ? '/api' : '', [])) {
        const { level, evidence } = decide(r.middleware);
        facts.push({
          kind: 'entrypoint',
          protocol: 'http',
          framework: 'laravel',
          method: r.method,
          path: r.path,
          middleware: r.middleware,
          auth: level,
          authEvidence: evidence,
          tags: routeTags(r.method, r.path, [], r.handler?.split('@')[1], r.handler ? [`${HANDLER_TAG}${r.handler}`] : []),
          evidence: lines.evidence(file.path, r.line),
          key: `${file.path}#entrypoint:http ${r.method} ${r.path}`,
        });
      }
      return facts.length > 0 ? facts : null;
    }
    const cls = /\bclass\s+(\w+Controller)\b/.exec(text)?.[1];
    if (cls) {
      for (const m of text.matchAll(/\$this\s*->\s*middleware\s*\(\s*(\[[^\]]*\]|['"][^'"]*['"])\s*\)\s*(?:->\s*(only|except)\s*\(\s*(\[[^\]]*\]|['"][^'"]*['"])\s*\))?/g)) {
        facts.push({
          kind: 'config',
          setting: CONTROLLER_SETTING,
          values: { controller: cls, middleware: [...m[1].matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]).join(','), mode: m[2] ?? null, methods: m[3] ? [...m[3].matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]).join(',') : null },
          evidence: lines.evidence(file.path, lineAt(text, m.index ?? 0)),
          key: `${file.path}#${CONTROLLER_SETTING}:${m.index}`,
        });
      }
      for (const m of text.matchAll(/\bfunction\s+(\w+)\s*\(/g)) {
        facts.push({ kind: 'config', setting: 'laravel-action', values: { controller: cls, action: m[1], file: file.path }, evidence: { file: file.path, line: lineAt(text, m.index ?? 0) }, key: `${file.path}#laravel-action:${m[1]}` });
      }
    }
    facts.push(...scriptFacts(file.path, text, lines));
    return facts.length > 0 ? facts : null;
  },
  link(facts: Fact[]): Fact[] {
    const middleware = new Map<string, { names: string[]; mode: string | null; methods: string[] }[]>();
    const actions = new Map<string, { file: string; line: number }>();
    for (const f of facts) {
      if (f.kind !== 'config') continue;
      if (f.setting === CONTROLLER_SETTING) {
        const list = middleware.get(String(f.values.controller)) ?? [];
        list.push({ names: String(f.values.middleware).split(','), mode: f.values.mode === null ? null : String(f.values.mode), methods: f.values.methods ? String(f.values.methods).split(',') : [] });
        middleware.set(String(f.values.controller), list);
      } else if (f.setting === 'laravel-action') actions.set(`${f.values.controller}@${f.values.action}`, { file: String(f.values.file), line: f.evidence.line });
    }
    const out: Fact[] = [];
    for (const f of facts) {
      if (f.kind === 'config' && (f.setting === 'laravel-action' || f.setting === CONTROLLER_SETTING)) continue;
      const tag = f.kind === 'entrypoint' ? f.tags?.find((t) => t.startsWith(HANDLER_TAG)) : undefined;
      if (f.kind !== 'entrypoint' || !tag) {
        out.push(f);
        continue;
      }
      const handler = tag.slice(HANDLER_TAG.length);
      const [controller, action] = handler.split('@');
      const extra = (middleware.get(controller) ?? []).filter((m) => m.mode === null || (m.mode === 'only' ? m.methods.includes(action) : !m.methods.includes(action))).flatMap((m) => m.names);
      const all = [...f.middleware, ...extra.filter((x) => !f.middleware.includes(x))];
      const { level, evidence } = decide(all);
      const next: EntrypointFact = { ...f, middleware: all, auth: level, authEvidence: evidence, tags: (f.tags ?? []).filter((t) => t !== tag) };
      const at = actions.get(handler);
      if (at) next.handler = { file: at.file, line: at.line, name: handler };
      out.push(next);
    }
    return out;
  },
};
