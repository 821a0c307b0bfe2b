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
import { isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
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

export const UI_SHELL_SETTING = 'nextjs-ui-shell';
export const CLIENT_MODULE_SETTING = 'nextjs-client-module';

/** `'use client'` at the top of a module (js/nextjs-helpers reports these for link). */
export function clientModule(index: JsIndex): boolean {
  return directive(index, 'use client');
}

/** The internal fact that lists the component modules a shell page renders. */
export function uiShellFact(index: JsIndex, at: AstNode, shell: UiShell): FactInput {
  return { kind: 'config', setting: UI_SHELL_SETTING, values: { components: shell.components.join(',') }, summary: 'Next.js page that only renders components', evidence: index.evidence(at), key: `${index.file}#config:${UI_SHELL_SETTING}` };
}

/**
 * Link: a shell page keeps `ui-shell` (and `page-only`) only when every component module it
 * renders is a `'use client'` file of the repository or a package; the internal facts go.
 */
export function confirmUiShells(facts: Fact[]): Fact[] {
  const shells = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === UI_SHELL_SETTING);
  const clientFacts = facts.filter((f) => f.kind === 'config' && f.setting === CLIENT_MODULE_SETTING);
  if (shells.length === 0 && clientFacts.length === 0) return facts;
  const client = new Set(clientFacts.map((f) => fileNoExt(f.evidence.file)));
  const known = new Set(facts.map((f) => fileNoExt(f.evidence.file)));
  const demoted = new Set<string>();
  for (const s of shells) {
    const specs = String(s.values.components ?? '').split(',').filter(Boolean);
    if (!specs.every((spec) => clientSide(spec, s.evidence.file, client, known))) demoted.add(s.evidence.file);
  }
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && (f.setting === UI_SHELL_SETTING || f.setting === CLIENT_MODULE_SETTING)) continue;
    if (f.kind === 'entrypoint' && demoted.has(f.evidence.file) && f.tags?.includes('ui-shell')) out.push({ ...f, tags: f.tags.filter((t) => t !== 'ui-shell' && t !== 'page-only') });
    else out.push(f);
  }
  return out;
}

/** Is the module a component comes from a client module of the repository, or a package? */
function clientSide(spec: string, from: string, client: ReadonlySet<string>, known: ReadonlySet<string>): boolean {
  const bare = fileNoExt(spec);
  const candidates: string[] = [];
  if (bare.startsWith('.')) candidates.push(posix.normalize(posix.join(posix.dirname(from), bare)));
  else {
    const trimmed = bare.replace(/^[@~#]\//, '');
    candidates.push(trimmed, `src/${trimmed}`);
    for (const k of known) if (k.endsWith(`/${trimmed}`)) candidates.push(k);
  }
  const files = candidates.flatMap((c) => [c, `${c}/index`]);
  if (files.some((c) => client.has(c))) return true;
  if (files.some((c) => known.has(c))) return false;
  // Not a file of the repository: a package, unless it is written as a path or a local alias.
  return !bare.startsWith('.') && !/^[@~#]\//.test(bare);
}
