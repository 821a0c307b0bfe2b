// Laravel's middleware wiring outside the route files: the `web`/`api` middleware groups (HTTP
// Kernel `$middlewareGroups`, or Laravel 11's bootstrap/app.php `->withMiddleware(...)`), the
// aliases (`$middlewareAliases`/`$routeMiddleware`, `$middleware->alias([...])`), which route file
// gets which group (RouteServiceProvider / withRouting), and which middleware classes refuse a
// request without a credential (read from their bodies, not their names).

/** Short class name of `\App\Http\Middleware\Foo::class` or `Foo::class`; a plain string stays as is. */
function memberName(raw: string): string {
  return raw.replace(/::class$/, '').split('\\').pop() ?? raw;
}

/** Entries of a PHP array literal body: `Foo::class` and quoted strings, in order. */
function arrayMembers(body: string): string[] {
  return [...body.matchAll(/([\\\w]+::class)|['"]([^'"]+)['"]/g)].map((m) => (m[1] ? memberName(m[1]) : m[2]));
}

/** Index of the bracket closing the one at `open` (same kind), skipping strings. */
function closingBracket(text: string, open: number): number {
  const o = text[open];
  const c = o === '[' ? ']' : o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      i = end === -1 ? text.length : end;
    } else if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i;
  }
  return text.length;
}

/** The `[...]` body starting at the first `[` at or after `from`. */
function arrayAt(text: string, from: number): string {
  const open = text.indexOf('[', from);
  if (open === -1) return '';
  return text.slice(open + 1, closingBracket(text, open));
}

/** `group => members` added by the kernel property or the Laravel 11 Middleware configurator. */
export function readMiddlewareGroups(text: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const add = (group: string, members: string[]): void => {
    groups.set(group, [...(groups.get(group) ?? []), ...members]);
  };
  const prop = /\$middlewareGroups\s*=\s*\[/.exec(text);
  if (prop) {
    const body = arrayAt(text, prop.index);
    for (const m of body.matchAll(/['"]([\w.-]+)['"]\s*=>\s*\[/g)) add(m[1], arrayMembers(arrayAt(body, m.index ?? 0)));
  }
  // $middleware->api(append: [...]) / ->web(prepend: [...]) / ->appendToGroup('api', [...]) / ->group('api', [...])
  for (const m of text.matchAll(/->\s*(api|web)\s*\(\s*(?:append|prepend)\s*:\s*\[/g)) add(m[1], arrayMembers(arrayAt(text, m.index ?? 0)));
  for (const m of text.matchAll(/->\s*(?:appendToGroup|prependToGroup|group)\s*\(\s*['"]([\w.-]+)['"]\s*,\s*(\[|[\\\w]+::class)/g)) {
    add(m[1], m[2] === '[' ? arrayMembers(arrayAt(text, m.index ?? 0)) : [memberName(m[2])]);
  }
  return groups;
}

/** `alias => class short name` from the kernel's alias arrays or `$middleware->alias([...])`. */
export function readMiddlewareAliases(text: string): Map<string, string> {
  const aliases = new Map<string, string>();
  const bodies: string[] = [];
  for (const m of text.matchAll(/\$(?:middlewareAliases|routeMiddleware)\s*=\s*\[|->\s*alias\s*\(\s*\[/g)) bodies.push(arrayAt(text, m.index ?? 0));
  for (const body of bodies) for (const m of body.matchAll(/['"]([\w.:-]+)['"]\s*=>\s*([\\\w]+)::class/g)) aliases.set(m[1], memberName(m[2]));
  return aliases;
}

/** Route files given middleware by a provider: `Route::middleware('api')->group(base_path('routes/x.php'))`,
 *  `Route::group(['middleware' => 'api'], function () { require base_path('routes/x.php'); })`, and
 *  bootstrap/app.php `withRouting(web: ..., api: ...)` (the framework adds the group of that name). */
export function readRouteFileMiddleware(text: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const m of text.matchAll(/routes\/([\w.-]+\.php)/g)) {
    const at = m.index ?? 0;
    const before = text.slice(Math.max(0, at - 400), at);
    const named = /\b(web|api)\s*:\s*[^,()]*$/.exec(before);
    if (named) {
      files.set(m[1], [named[1]]);
      continue;
    }
    // the nearest Route:: statement before the file reference, up to its group call
    const start = before.lastIndexOf('Route::');
    if (start === -1) continue;
    const stmt = before.slice(start);
    if (!/group\s*\(/.test(stmt)) continue;
    const list = /(?:->|::)middleware\s*\(\s*(\[[^\]]*\]|['"][^'"]*['"])|['"]middleware['"]\s*=>\s*(\[[^\]]*\]|['"][^'"]*['"])/.exec(stmt);
    const raw = list?.[1] ?? list?.[2];
    if (raw) files.set(m[1], arrayMembers(raw));
  }
  return files;
}

/** The class extends the framework's authenticating middleware (`Illuminate\Auth\Middleware\Authenticate`). */
function extendsFrameworkAuth(text: string): boolean {
  const ext = /\bclass\s+\w+\s+extends\s+([\\\w]+)/.exec(text)?.[1];
  if (!ext) return false;
  if (/Auth\\Middleware\\Authenticate$/.test(ext)) return true;
  const short = ext.split('\\').pop() ?? ext;
  return new RegExp(`use\\s+Illuminate\\\\Auth\\\\Middleware\\\\Authenticate(?:\\s+as\\s+${short})?\\s*;`).test(text) && (short === 'Authenticate' || new RegExp(`as\\s+${short}\\s*;`).test(text));
}

/** A refusal of the unauthenticated: 401, `authenticate()`, an AuthenticationException, a redirect to login. */
const REFUSES = /->\s*authenticate\s*\(|AuthenticationException|\b401\b|HTTP_UNAUTHORIZED|UnauthorizedHttpException|redirect\s*\(\s*\)\s*->\s*guest\s*\(|route\s*\(\s*['"]login['"]|['"]\/login['"]/;
/** What the refusal is about: the signed-in user, a guard, or a presented token/key/signature. */
const CREDENTIAL = /\bauth\s*\(\s*\)|\bAuth::|->\s*user\s*\(|->\s*guard\s*\(|bearerToken\s*\(|isGuest|hasAppAccess|\btoken|\bapi[_-]?key|appKey|\bsecret|signature|password/i;

/** Name of the middleware class in `text` when its handle() refuses a request that lacks a credential. */
export function authenticatingMiddleware(text: string): string | undefined {
  const cls = /\bclass\s+(\w+)/.exec(text)?.[1];
  if (!cls) return undefined;
  if (extendsFrameworkAuth(text)) return cls;
  if (!/function\s+handle\s*\(/.test(text)) return undefined;
  return REFUSES.test(text) && CREDENTIAL.test(text) ? cls : undefined;
}

/** Framework classes that authenticate when named in a group directly. */
export const FRAMEWORK_AUTH_CLASSES = new Set(['Authenticate', 'AuthenticateWithBasicAuth', 'AuthenticateSession', 'EnsureEmailIsVerified']);
