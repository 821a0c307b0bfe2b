// Laravel route files read from comment-free text: Route::verb registrations with their chained
// middleware, and the groups (Route::middleware()->prefix()->group(function () { ... }) and
// Route::group([...], function () { ... })) whose closure bodies contain them.
import { joinPath } from '../../js/_lib/routes.js';
import { lineAt } from '../../java/_lib/text.js';
import { colonParams } from '../../java/_lib/routes.js';

export interface LaravelRoute {
  method: string;
  path: string;
  /** `UserController@show`, or undefined for closures. */
  handler?: string;
  middleware: string[];
  /** `->withoutMiddleware(...)` names (aliases or class short names), which also take a file group's member away. */
  without: string[];
  /** What the route does by its name (`->name('auth.login')` → `login`), else its action or invokable controller. */
  label?: string;
  line: number;
}

interface Group {
  start: number;
  end: number;
  prefix: string;
  middleware: string[];
}

function classNames(text: string): string[] {
  return [...text.matchAll(/([\\\w]+)::class/g)].map((m) => m[1].split('\\').pop() ?? m[1]);
}

function strings(text: string): string[] {
  return [...text.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** Middleware and prefix set by a chain (`->middleware(['auth'])->prefix('admin')`) or an options array. */
function attributes(text: string): { prefix: string; middleware: string[]; without: string[] } {
  const middleware: string[] = [];
  const without: string[] = [];
  let prefix = '';
  for (const m of text.matchAll(/(?:->|::)(middleware|withoutMiddleware|prefix)\s*\(\s*(\[[^\]]*\]|['"][^'"]*['"]|[\\\w]+::class)/g)) {
    if (m[1] === 'prefix') prefix = joinPath(prefix, strings(m[2])[0] ?? '');
    else if (m[1] === 'middleware') middleware.push(...strings(m[2]), ...classNames(m[2]));
    else without.push(...strings(m[2]), ...classNames(m[2]));
  }
  const mw = /['"]middleware['"]\s*=>\s*(\[[^\]]*\]|['"][^'"]*['"])/.exec(text);
  if (mw) middleware.push(...strings(mw[1]));
  const px = /['"]prefix['"]\s*=>\s*['"]([^'"]*)['"]/.exec(text);
  if (px) prefix = joinPath(prefix, px[1]);
  return { prefix, middleware, without };
}

/** Index of the brace that closes the one at `open`, skipping strings. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      i = end === -1 ? text.length : end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

const RESOURCE: [string, string, string][] = [
  ['index', 'GET', ''],
  ['create', 'GET', '/create'],
  ['store', 'POST', ''],
  ['show', 'GET', '/{id}'],
  ['edit', 'GET', '/{id}/edit'],
  ['update', 'PUT', '/{id}'],
  ['update', 'PATCH', '/{id}'],
  ['destroy', 'DELETE', '/{id}'],
];

export function readLaravelRoutes(text: string, basePrefix: string, baseMiddleware: string[]): LaravelRoute[] {
  const groups: Group[] = [];
  for (const m of text.matchAll(/Route\s*::[^;]*?->\s*group\s*\(\s*(?:static\s+)?function\s*\([^)]*\)\s*(?:use\s*\([^)]*\)\s*)?(?::\s*\??\w+\s*)?\{|Route\s*::\s*group\s*\(([^{]*?)function\s*\([^)]*\)\s*(?:use\s*\([^)]*\)\s*)?(?::\s*\??\w+\s*)?\{/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const a = attributes(m[0]);
    groups.push({ start: open, end: closing(text, open), prefix: a.prefix, middleware: a.middleware });
  }
  const out: LaravelRoute[] = [];
  const re = /Route\s*::\s*(get|post|put|patch|delete|options|any|match|resource|apiResource)\s*\(([^;]*?)\)\s*(->[^;]*)?;/g;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    const enclosing = groups.filter((g) => g.start < at && at < g.end).sort((a, b) => a.start - b.start);
    const chain = attributes(m[3] ?? '');
    const prefix = [basePrefix, ...enclosing.map((g) => g.prefix)].reduce((p, x) => joinPath(p, x), '');
    const middleware = [...baseMiddleware, ...enclosing.flatMap((g) => g.middleware), ...chain.middleware].filter((x) => !chain.without.includes(x));
    const args = m[2];
    const line = lineAt(text, at);
    const verb = m[1];
    // `Route::match(['get', 'post'], "{$name}{format?}", ...)`: the URI follows the verbs; an
    // interpolated variable is a path parameter.
    const path = (strings(verb === 'match' ? args.replace(/^\s*\[[^\]]*\]\s*,?/, '') : args)[0] ?? '/').replace(/\{\$(\w+)\}/g, '{$1}');
    const controller = /([\w\\]+)::class/.exec(args)?.[1]?.split('\\').pop();
    const action = /::class\s*,\s*['"](\w+)['"]/.exec(args)?.[1] ?? /['"]([\w\\]+)@(\w+)['"]/.exec(args)?.[2];
    const atController = /['"]([\w\\]+)@\w+['"]/.exec(args)?.[1]?.split('\\').pop();
    if (verb === 'resource' || verb === 'apiResource') {
      for (const [name, method, suffix] of RESOURCE) {
        if (verb === 'apiResource' && (name === 'create' || name === 'edit')) continue;
        out.push({ method, path: colonParams(joinPath(prefix, `${path}${suffix}`)), handler: controller ? `${controller}@${name}` : undefined, middleware, without: chain.without, line });
      }
      continue;
    }
    const methods = verb === 'match' ? [...(/\[([^\]]*)\]/.exec(args)?.[1] ?? '').matchAll(/['"](\w+)['"]/g)].map((x) => x[1].toUpperCase()) : [verb === 'any' ? 'ALL' : verb.toUpperCase()];
    const handler = (controller ?? atController) && action ? `${controller ?? atController}@${action}` : undefined;
    // A single-action controller (`Route::delete('me', LogoutController::class)`) is named for what it does.
    const label = /->\s*name\s*\(\s*['"](?:[\w-]+\.)*([\w-]+)['"]/.exec(m[3] ?? '')?.[1] ?? action ?? (controller && !/::class\s*,/.test(args) ? controller.replace(/Controller$/, '') : undefined);
    for (const method of methods) out.push({ method, path: colonParams(joinPath(prefix, path)), handler, middleware, without: chain.without, ...(label ? { label } : {}), line });
  }
  return out;
}
