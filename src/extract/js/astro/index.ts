// Astro server routes: endpoints (`src/pages/**/*.ts` exporting GET/POST/... handlers), server-rendered
// `.astro` pages (their frontmatter runs per request; one that reads `Astro.request.method === 'POST'`
// also answers the form it posts), Astro Actions (`POST /_actions/<name>`), and middleware
// (`src/middleware.ts`, `sequence(...)`) as app-wide guards scoped by the paths it tests.
import type { FactInput } from '../../../model/types.js';
import { functionOf, indexFromParsed, jsIndex, nodesUnder, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { ASTRO_PAGE_FN, astroFrontmatter, isAstroFile } from '../_lib/astro-frontmatter.js';
import { isJsFile } from '../_lib/parse.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { authLikeName, isTestFile, routeFact, type HandlerRef, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { actionHandlerFacts, actionMounts, actionSites } from './actions.js';
import { configFact, linkAstro } from './link.js';
import { localsCheck } from './locals-check.js';
import { middlewareGuards } from './middleware.js';
import { ACTIONS_FILE, astroPath, CONFIG_FILE, ENDPOINT_FILE, ENDPOINT_VERBS as VERBS, MIDDLEWARE_FILE, pagesRest } from '../_lib/astro-paths.js';

const ASTRO_MODULE = /^astro(?::|\/|$)/;

interface Emit {
  method: string;
  path: string;
  fn?: FunctionLike;
  delegate?: HandlerRef;
  at: AstNode;
  mw: MwRef[];
  tags: string[];
  name: string;
}

function emit(index: JsIndex, out: FactInput[], e: Emit): void {
  const meta: RouteMeta = { mw: e.mw, local: e.path, ...(e.delegate ? { handler: e.delegate } : {}) };
  const evidence = index.evidence(e.at);
  let handler: { file: string; line: number; name?: string } | undefined;
  if (e.fn) {
    const summary = summarizeHandler(e.fn, index);
    let { inline } = handlerAuth(summary.inline, e.fn, index);
    // `if (!locals.user) return 401`: the caller middleware put in `locals` (locals-check.ts).
    const locals = !inline || inline.level === 'unknown' || inline.level === 'user' ? localsCheck(e.fn, index) : undefined;
    if (locals && (!inline || inline.level === 'unknown' || locals.level !== 'user')) inline = locals;
    if (inline) meta.inline = inline;
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(e.fn), name: e.name };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  out.push(routeFact({ framework: 'astro', method: e.method, path: e.path, evidence, handler, meta, extraTags: e.tags }));
}

/** `export const GET = withAuth(async (ctx) => ...)`: the handler inside, the wrapper as middleware. */
function unwrapHandler(value: AstNode, index: JsIndex): { fn?: FunctionLike; mw: MwRef[] } {
  const mw: MwRef[] = [];
  let v = unwrap(value);
  if (v.type === 'Identifier' && !index.functionByName(v.name)) v = unwrap(index.constInit(v.name)) ?? v;
  for (let i = 0; i < 3 && v.type === 'CallExpression'; i++) {
    const name = index.text(v.callee as AstNode);
    const b = index.bindings.get(name.split('.')[0]);
    mw.push({ name, role: authLikeName(name) ? 'auth-unknown' : undefined, why: name, ...(b && b.imported !== '*' ? { module: b.module, from: index.file, export: b.imported } : {}) });
    v = unwrap((v.arguments as AstNode[]).find((a) => functionOf(a, index)) ?? (v.arguments[0] as AstNode));
    if (!v) break;
  }
  return { fn: v ? functionOf(v, index) : undefined, mw: mw.filter((r) => r.role || r.module) };
}

/** `({ request }) => app.fetch(request)`: the request handed to another framework's app (its routes are read by that framework's extractor). */
function handsOff(fn: FunctionLike, index: JsIndex): boolean {
  const body = unwrap(fn.body as AstNode | null);
  const expr = body?.type === 'BlockStatement' ? (body.body.length === 1 && body.body[0].type === 'ReturnStatement' ? (body.body[0].argument as AstNode | null) : undefined) : body;
  const call = expr ? unwrap(expr.type === 'AwaitExpression' ? (expr.argument as AstNode) : expr) : undefined;
  return !!call && call.type === 'CallExpression' && /\.(fetch|handle|handler|request)$|^handle$/.test(index.text(call.callee as AstNode)) && /request|req|ctx|context/.test(index.text(call));
}

function endpointEntries(index: JsIndex, path: string, out: FactInput[]): void {
  // `export const prerender = true`: built once into a file, never run per request.
  const prerender = index.exports.get('prerender');
  const declared = prerender && unwrap(prerender).type === 'Literal' ? (unwrap(prerender) as { value?: unknown }).value : undefined;
  if (declared === true) return;
  const dynamic = declared === false ? ['prerender-false'] : [];
  for (const [name, method] of Object.entries(VERBS)) {
    const value = index.exports.get(name);
    if (!value) continue;
    const { fn, mw } = unwrapHandler(value, index);
    if (fn && handsOff(fn, index)) continue;
    emit(index, out, { method, path, fn, at: value, mw, tags: ['server-route', ...dynamic], name });
  }
}

/** Whether a `.astro` frontmatter answers a posted form: `Astro.request.method === 'POST'`. */
function handlesPost(fn: FunctionLike, index: JsIndex): boolean {
  return nodesUnder(fn.body as AstNode, 'BinaryExpression').some((b) => {
    if (b.operator !== '===' && b.operator !== '==') return false;
    const sides = [b.left as AstNode, b.right as AstNode];
    return sides.some((s) => /\.method$/.test(index.text(s))) && sides.some((s) => stringValue(s, index)?.toUpperCase() === 'POST');
  });
}

function pageEntries(file: SourceFile, ctx: ExtractContext, path: string, out: FactInput[]): void {
  const fm = astroFrontmatter(file, ctx);
  if (!fm) return;
  const index = ctx.parse('astro-index', () => indexFromParsed({ path: file.path, content: fm.content }, fm.parsed));
  const fn = index.functionByName(ASTRO_PAGE_FN);
  if (!fn) return;
  // Declared static: built once, never run per request.
  if (/\bprerender\s*=\s*true\b/.test(fm.content)) return;
  const dynamic = /\bprerender\s*=\s*false\b/.test(fm.content) ? ['prerender-false'] : [];
  // Cited at the frontmatter's first statement after its imports (the function starts on the last import's line).
  const body = unwrap(fn.body as AstNode | null);
  const at = (body?.type === 'BlockStatement' ? (body.body[0] as AstNode | undefined) : undefined) ?? fn;
  emit(index, out, { method: 'GET', path, fn, at, mw: [], tags: ['server-rendered-page', ...dynamic], name: 'page' });
  if (handlesPost(fn, index)) emit(index, out, { method: 'POST', path, fn, at, mw: [], tags: ['server-rendered-page', 'form-post', ...dynamic], name: 'page' });
}

export const extractor: Extractor = {
  id: 'js/astro',
  title: 'Astro endpoints, server-rendered pages, actions and middleware guards',
  // `astro` (config, middleware, typed endpoints), upper-case verb exports, Astro 1-2's lower-case ones, a page's frontmatter fence, actions.
  signals: ['astro', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'ALL', ' get(', ' post(', ' put(', ' patch(', ' del(', ' all(', '---', 'astro:actions', 'export const server'],
  matches: (path) => !isTestFile(path) && ((isJsFile(path) && (path.includes('pages/') || MIDDLEWARE_FILE.test(path) || ACTIONS_FILE.test(path) || CONFIG_FILE.test(path))) || (isAstroFile(path) && path.includes('pages/'))),
  extract(file, ctx) {
    if (CONFIG_FILE.test(file.path)) {
      const fact = configFact(file.path, file.content, jsIndex(file, ctx));
      return fact ? [fact] : null;
    }
    const out: FactInput[] = [];
    const page = pagesRest(file.path);
    if (isAstroFile(file.path)) {
      if (page) pageEntries(file, ctx, astroPath(page.rest), out);
      return out.length > 0 ? out : null;
    }
    if (MIDDLEWARE_FILE.test(file.path)) {
      if (!file.content.includes('astro')) return null;
      const index = jsIndex(file, ctx);
      // Only Astro's (Next.js's middleware.ts and Express's middleware/ folder are read by their extractors).
      if (![...index.modules].some((m) => ASTRO_MODULE.test(m))) return null;
      out.push(...middlewareGuards(index));
      return out.length > 0 ? out : null;
    }
    if (ACTIONS_FILE.test(file.path) && (file.content.includes('astro') || file.content.includes('server'))) {
      const index = jsIndex(file, ctx);
      // `src/actions/index.ts` may only gather other modules' actions (`server = { users }`).
      const typed = /\b(ActionHandler|ActionAPIContext)\b/.test(file.content) && [...index.modules].some((m) => ASTRO_MODULE.test(m) || m.includes('astro/'));
      if (!index.imports('astro:actions') && !typed && !(/(^|\/)actions\/index\.[cm]?[jt]s$/.test(file.path) && index.exports.has('server'))) return null;
      out.push(...actionMounts(index), ...actionHandlerFacts(index));
      for (const a of actionSites(index)) {
        emit(index, out, { method: 'POST', path: `/_actions/${a.name}`, fn: a.fn, delegate: a.delegate, at: a.call, mw: [], tags: ['astro-action', ...(a.form ? ['form-post'] : []), ...(a.validated ? ['input-validated'] : [])], name: a.name });
      }
      return out.length > 0 ? out : null;
    }
    if (page && ENDPOINT_FILE.test(file.path) && /\b(GET|POST|PUT|PATCH|DELETE|ALL|get|post|put|patch|del|all)\b/.test(file.content)) {
      const index = jsIndex(file, ctx);
      // Next.js's Pages Router has pages/api files too: those export a default handler.
      if (index.exports.has('default') && ![...index.modules].some((m) => ASTRO_MODULE.test(m))) return null;
      endpointEntries(index, astroPath(page.rest), out);
      // Entries of files that do not show they are Astro's are kept by link only in an Astro project.
      if (out.length > 0 && ![...index.modules].some((m) => ASTRO_MODULE.test(m))) for (const f of out) if (f.kind === 'entrypoint') f.tags = [...(f.tags ?? []), '~astro-unconfirmed'];
    }
    return out.length > 0 ? out : null;
  },
  link: linkAstro,
};
