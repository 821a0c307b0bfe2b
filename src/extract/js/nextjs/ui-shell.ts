// App Router pages that are UI shells: a server component whose body only renders components with
// the route's params (`const { userId } = await params; return <UserPage userId={userId} />`), or a
// page that is itself a client component (`'use client'`). The server hands out markup and a
// bundle; every piece of data comes later from API routes, which are judged on their own. Such a
// page exposes no data or action, so authorisation rules and attack paths leave it alone.
//
// Judged by what the file does: no call but a few pure ones (`use(params)`, `notFound()`), no
// `await` but of the route's params, no `process.env`, no server action (`'use server'`), and
// `generateMetadata` held to the same. The components it renders must be client components too
// (an async server component could read data itself): their modules are listed and link drops the
// tag unless each is a `'use client'` file of the repository or comes from a package.
import { posix } from 'node:path';
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import { functionOf, isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { changesState } from '../_lib/routes-handler-writes.js';
import { fileNoExt } from '../_lib/routes.js';

const PURE_CALL = /^(use|notFound|redirect|permanentRedirect|Number|String|Boolean|parseInt|parseFloat|decodeURIComponent|encodeURIComponent)$/;
const ROUTE_INPUT = /^(params|searchParams)$/;
/** Exports a page file may have besides the page (segment config and metadata). */
const PAGE_EXPORT = /^(default|metadata|generateMetadata|generateStaticParams|generateViewport|viewport|dynamic|dynamicParams|revalidate|fetchCache|runtime|preferredRegion|maxDuration|experimental_ppr)$/;

export interface UiShell {
  /** Module specifiers of the components the page renders (empty for a client page). */
  components: string[];
}

function directive(index: JsIndex, text: string): boolean {
  return (index.program.body as AstNode[]).some((s) => s.type === 'ExpressionStatement' && (s as { directive?: string }).directive === text);
}

/** Does a function only render: pure calls, awaits of the route params, no environment? */
function onlyRenders(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  for (const c of [...nodesUnder(body, 'CallExpression'), ...nodesUnder(body, 'NewExpression')]) {
    const callee = unwrap(c.callee as AstNode);
    if (callee.type !== 'Identifier' || !PURE_CALL.test(callee.name)) return false;
  }
  for (const a of nodesUnder(body, 'AwaitExpression')) {
    const path = memberPath(unwrapAwait(a as AstNode));
    if (!path || !ROUTE_INPUT.test(path[path.length - 1])) return false;
  }
  if (nodesUnder(body, 'MemberExpression').some((m) => memberPath(m)?.slice(0, 2).join('.') === 'process.env')) return false;
  // A function defined inside the page (an inline server action, a callback) is more than rendering.
  return !nodesUnder(body, 'ArrowFunctionExpression').length && !nodesUnder(body, 'FunctionExpression').length && !isFunctionLike(unwrap(body));
}

/** The page is a UI shell: the component modules it renders, or undefined. */
export function uiShell(fn: FunctionLike | undefined, index: JsIndex): UiShell | undefined {
  if (directive(index, 'use client')) return { components: [] };
  if (!fn || directive(index, 'use server')) return undefined;
  for (const name of index.exports.keys()) if (!PAGE_EXPORT.test(name)) return undefined;
  const meta = index.exports.get('generateMetadata');
  const metaFn = meta ? unwrap(meta) : undefined;
  if (metaFn && (!isFunctionLike(metaFn) || !onlyRenders(metaFn))) return undefined;
  if (!onlyRenders(fn)) return undefined;
  const components = new Set<string>();
  for (const el of nodesUnder(fn.body as AstNode, 'JSXOpeningElement')) {
    const name = el.name as AstNode;
    let head = name;
    while (head.type === 'JSXMemberExpression') head = head.object as AstNode;
    const root = head.type === 'JSXIdentifier' ? head.name : '';
    if (!/^[A-Z]/.test(root)) continue;
    const b = index.bindings.get(root);
    // A component declared in the page file itself is part of this shell (its body is not judged here).
    if (!b) return undefined;
    components.add(b.module);
  }
  return { components: [...components].sort() };
}

/** Keys a `getServerSideProps` result may have without handing the page any data of its own. */
const RESULT_KEY = /^(props|redirect|notFound|revalidate)$/;
/** Calls whose result is only the page's messages (`...(await serverSideTranslations(locale, ['common']))`). */
const TRANSLATIONS = /translation|i18n|messages|locale/i;

function keyName(p: AstNode): string | undefined {
  if (p.type !== 'Property' || p.computed) return undefined;
  const k = p.key as AstNode;
  return k.type === 'Identifier' ? k.name : typeof (k as { value?: unknown }).value === 'string' ? String((k as { value: string }).value) : undefined;
}

/** `{ props: { ...(await serverSideTranslations(...)) } }`, `{ redirect: {...} }`, `{ notFound: true }`. */
function propsOnlyResult(node: AstNode | null | undefined): boolean {
  const v = node ? unwrap(node) : undefined;
  if (!v || v.type !== 'ObjectExpression') return false;
  for (const p of v.properties as AstNode[]) {
    const key = keyName(p);
    if (!key || !RESULT_KEY.test(key)) return false;
    if (key !== 'props') continue;
    const props = unwrap((p as { value: AstNode }).value);
    if (props.type !== 'ObjectExpression') return false;
    for (const q of props.properties as AstNode[]) {
      if (q.type === 'SpreadElement') {
        const call = unwrapAwait(q.argument as AstNode);
        if (!call || call.type !== 'CallExpression' || !TRANSLATIONS.test(memberPath(unwrap(call.callee as AstNode))?.join('.') ?? '')) return false;
      } else if (q.type !== 'Property' || unwrap((q as { value: AstNode }).value).type !== 'Literal') return false;
    }
  }
  return true;
}

/**
 * A Pages Router `getServerSideProps` that hands the page nothing but its translations, a redirect
 * or a 404 (and writes nothing): the page is a client-rendered shell whose data comes from API routes.
 */
export function propsOnly(fn: FunctionLike | undefined, index: JsIndex): boolean {
  if (!fn?.body) return false;
  const body = unwrap(fn.body as AstNode);
  if (body.type !== 'BlockStatement') return propsOnlyResult(body);
  const returns = nodesUnder(body, 'ReturnStatement').filter((r) => index.enclosingFunction(r) === fn);
  return returns.length > 0 && returns.every((r) => propsOnlyResult(r.argument as AstNode | null)) && !changesState(fn, index);
}

/**
 * A Pages Router page is a UI shell unless its server side hands it data: no `getServerSideProps`
 * or `getInitialProps` at all, or a `getServerSideProps` that is `propsOnly`. An imported one is
 * judged in link (`props`: its module and export, see `confirmUiShells`).
 */
export function pagesRouterShell(index: JsIndex): { props?: string } | undefined {
  if (index.exports.has('getInitialProps')) return undefined;
  const value = index.exports.get('getServerSideProps');
  if (!value) return {};
  const v = unwrap(value);
  const b = v.type === 'Identifier' ? index.bindings.get(v.name) : undefined;
  if (b && b.imported !== '*') return { props: `${b.module}#${b.imported}` };
  return propsOnly(functionOf(v, index), index) ? {} : undefined;
}

export const UI_SHELL_SETTING = 'nextjs-ui-shell';
export const PROPS_ONLY_SETTING = 'nextjs-props-only';
export const CLIENT_MODULE_SETTING = 'nextjs-client-module';

/** `'use client'` at the top of a module (js/nextjs-helpers reports these for link). */
export function clientModule(index: JsIndex): boolean {
  return directive(index, 'use client');
}

/** The internal fact that lists the component modules a shell page renders. */
export function uiShellFact(index: JsIndex, at: AstNode, shell: UiShell & { props?: string }): FactInput {
  return { kind: 'config', setting: UI_SHELL_SETTING, values: { components: shell.components.join(','), ...(shell.props ? { props: shell.props } : {}) }, summary: 'Next.js page that only renders components', evidence: index.evidence(at), key: `${index.file}#config:${UI_SHELL_SETTING}` };
}

/**
 * Link: a shell page keeps `ui-shell` (and `page-only`) only when every component module it
 * renders is a `'use client'` file of the repository or a package; the internal facts go.
 */
export function confirmUiShells(facts: Fact[]): Fact[] {
  const shells = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === UI_SHELL_SETTING);
  const clientFacts = facts.filter((f) => f.kind === 'config' && f.setting === CLIENT_MODULE_SETTING);
  const propsFacts = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === PROPS_ONLY_SETTING);
  if (shells.length === 0 && clientFacts.length === 0 && propsFacts.length === 0) return facts;
  const client = new Set(clientFacts.map((f) => fileNoExt(f.evidence.file)));
  const known = new Set(facts.map((f) => fileNoExt(f.evidence.file)));
  const demoted = new Set<string>();
  for (const s of shells) {
    const specs = String(s.values.components ?? '').split(',').filter(Boolean);
    if (!specs.every((spec) => clientSide(spec, s.evidence.file, client, known))) demoted.add(s.evidence.file);
    // An imported getServerSideProps: a shell only when its module's export hands out no data.
    if (typeof s.values.props === 'string') {
      const [spec, exp] = s.values.props.split('#');
      const modules = new Set(propsFacts.filter((p) => String(p.values.exports).split(',').includes(exp)).map((p) => fileNoExt(p.evidence.file)));
      if (!clientSide(spec, s.evidence.file, modules, known, false)) demoted.add(s.evidence.file);
    }
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === UI_SHELL_SETTING || f.setting === CLIENT_MODULE_SETTING || f.setting === PROPS_ONLY_SETTING)) continue;
    if (f.kind === 'entrypoint' && demoted.has(f.evidence.file) && f.tags?.includes('ui-shell')) out.push({ ...f, tags: f.tags.filter((t) => t !== 'ui-shell' && t !== 'page-only') });
    else out.push(f);
  }
  return out;
}

/** Is the module a component comes from a client module of the repository, or (`packages`) a package? */
function clientSide(spec: string, from: string, client: ReadonlySet<string>, known: ReadonlySet<string>, packages = true): boolean {
  const bare = fileNoExt(spec);
  const candidates: string[] = [];
  if (bare.startsWith('.')) candidates.push(posix.normalize(posix.join(posix.dirname(from), bare)));
  else {
    const trimmed = bare.replace(/^[@~#]\//, '');
    candidates.push(trimmed, `src/${trimmed}`);
    // A path below the app (`@/ui/x`, `app/dashboard/client` from the tsconfig baseUrl) may sit in a
    // monorepo folder; a bare package name (`react`) is no file of the repository that ends the same (`ui/icons/react.tsx`).
    if (trimmed !== bare || trimmed.includes('/')) for (const k of known) if (k.endsWith(`/${trimmed}`)) candidates.push(k);
  }
  const files = candidates.flatMap((c) => [c, `${c}/index`]);
  if (files.some((c) => client.has(c))) return true;
  if (files.some((c) => known.has(c))) return false;
  // Not a file of the repository: a package, unless it is written as a path or a local alias.
  return packages && !bare.startsWith('.') && !/^[@~#]\//.test(bare);
}
