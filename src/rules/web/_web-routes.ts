// Helpers shared by the web rules that judge JS/TS routes and configuration (underscore: not a
// rule). Entry points and config come from the js/* extractors; the model supplies exposure and
// components when the builder knows them.
import type { ConfigFact, EntrypointFact, Fact } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { clientRuntime } from './_client-code.js';

export function httpRoutes(ctx: RuleContext): EntrypointFact[] {
  return ctx.factsOf('entrypoint').filter((f) => f.protocol === 'http');
}

/**
 * Reachable by clients. Exposure `internal` still counts: the builder marks services internal when
 * a deployment file shows no public port, which often just means the ingress lives elsewhere; the
 * score (not the rule) accounts for it. Only `none` (not served at all) is excluded.
 */
export function internetFacing(ctx: RuleContext, fact: Fact): boolean {
  const ep = ctx.entryPointAt(fact.evidence.file, fact.evidence.line);
  if (ep) return ep.exposure !== 'none';
  const component = ctx.componentOf(fact.evidence.file);
  return !component || component.exposure !== 'none';
}

export function routeLabel(f: EntrypointFact): string {
  return `${f.method ?? 'ANY'} ${f.path ?? '?'}`;
}

/** Line-free key of a route finding. */
export function routeKey(f: EntrypointFact, suffix = ''): string {
  return `${f.evidence.file}#${routeLabel(f)}${suffix ? `#${suffix}` : ''}`;
}

/** Line-free key of a fact-site finding (fact keys are file + enclosing symbol + api). */
export function factKey(f: Fact, suffix = ''): string {
  const base = f.key ?? `${f.evidence.file}#${f.kind}`;
  return suffix ? `${base}#${suffix}` : base;
}

/** Model elements a finding is about: the entry point and its component when known. */
export function elementsOf(ctx: RuleContext, fact: Fact): string[] {
  const out: string[] = [];
  const ep = ctx.entryPointAt(fact.evidence.file, fact.evidence.line);
  if (ep) out.push(ep.id, ep.component);
  else {
    const c = ctx.componentOf(fact.evidence.file);
    if (c) out.push(c.id);
  }
  return [...new Set(out)];
}

/** Grouping scope for app-wide checks: the component owning the file, else the repository. */
export function scopeOf(ctx: RuleContext, file: string): string {
  return ctx.componentOf(file)?.id ?? '.';
}

export function configs(ctx: RuleContext, setting: string): ConfigFact[] {
  return ctx.factsOf('config').filter((f) => f.setting === setting);
}

export function componentLabel(ctx: RuleContext, file: string): string {
  return ctx.componentOf(file)?.name ?? 'the service';
}

/** Direct dependency version of a package for the project that owns `file` (nearest manifest). */
export function dependencyMajor(ctx: RuleContext, file: string, name: string): number | undefined {
  let best: { depth: number; major: number } | undefined;
  for (const d of ctx.factsOf('dependency')) {
    if (d.name !== name || d.ecosystem !== 'npm') continue;
    const dir = d.manifest.includes('/') ? d.manifest.slice(0, d.manifest.lastIndexOf('/')) : '';
    if (dir && !file.startsWith(`${dir}/`)) continue;
    const major = /(\d+)/.exec(d.version)?.[1];
    if (major === undefined) continue;
    if (!best || dir.length > best.depth) best = { depth: dir.length, major: Number(major) };
  }
  return best?.major;
}

/** Path prefix test on segment boundaries ('/api' covers '/api' and '/api/x', not '/apix'). */
export function underPrefix(path: string, prefix: string): boolean {
  if (!prefix || prefix === '/' || prefix === '*') return true;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`);
}

/** The path could not be read statically (`/api/{name}s`): path-scoped guards cannot be matched. */
export function dynamicPath(f: EntrypointFact): boolean {
  return (f.path ?? '').includes('{');
}

/** Routes whose only access check fails open (`authz-fails-open` facts of js/nextjs), as linked. */
export function failOpenRoutes(routes: readonly EntrypointFact[], facts: readonly ConfigFact[]): Map<EntrypointFact, ConfigFact> {
  const out = new Map<EntrypointFact, ConfigFact>();
  for (const f of facts) {
    const route = routes.find((r) => r.evidence.file === f.values.routeFile && r.evidence.line === f.values.routeLine && r.method === f.values.routeMethod);
    if (route) out.set(route, f);
  }
  return out;
}

/**
 * What makes a browser cookie carry the login: session middleware configurations (first) and
 * passport's session authentication. Rules about cross-site requests start from these.
 */
export function cookieSessions(ctx: RuleContext): Fact[] {
  return [...configs(ctx, 'session'), ...ctx.factsOf('auth').filter((a) => a.mechanism === 'session' && a.library === 'passport')];
}

/**
 * The route whose handler is one of the functions around a site an extractor recorded (`scopes`:
 * their start lines, innermost first). A route registered by decorators names a line a few lines
 * above its method: `reach` lines at most.
 */
/**
 * Sites of one setting in server code, each with the route whose handler holds it (a browser or
 * CLI bundle's copy of the same code protects at most its own user).
 */
export function serverSites(ctx: RuleContext, setting: string, reach = 3): { fact: ConfigFact; route: EntrypointFact | undefined }[] {
  const facts = configs(ctx, setting).filter((f) => clientRuntime(ctx, f.evidence.file) === undefined);
  if (facts.length === 0) return [];
  const routes = httpRoutes(ctx);
  return facts.map((fact) => ({ fact, route: routeAroundSite(fact, routes, reach) }));
}

export function routeAroundSite(f: ConfigFact, routes: readonly EntrypointFact[], reach = 3): EntrypointFact | undefined {
  const scopes = String(f.values.scopes ?? '').split(';').map((s) => Number(s.split('-')[0])).filter((n) => n > 0);
  const file = f.evidence.file;
  const near = (at: { file: string; line: number } | undefined, start: number) => at?.file === file && at.line <= start && at.line >= start - reach;
  for (const start of scopes) {
    const r = routes.find((x) => near(x.handler, start) || near(x.evidence, start));
    if (r) return r;
  }
  return undefined;
}

/**
 * The route whose handler holds a site an extractor recorded with `handlerFile` and
 * `handlerLines` (the lines of every enclosing function: the innermost route handler wins).
 */
export function routeOfHandler(routes: readonly EntrypointFact[], fact: ConfigFact): EntrypointFact | undefined {
  const file = fact.values.handlerFile;
  const lines = String(fact.values.handlerLines ?? '').split(',').map(Number).reverse();
  for (const line of lines) {
    const route = routes.find((r) => r.handler?.file === file && r.handler.line === line);
    if (route) return route;
  }
  return undefined;
}

/**
 * Routes whose handler reads a credential from a cookie itself (`req.cookies.token`; the
 * `handler-site` facts the express extractor records and link attaches to their routes).
 */
export function cookieCredentialReaders(ctx: RuleContext): (r: EntrypointFact) => ConfigFact | undefined {
  const reads = configs(ctx, 'handler-site').filter((f) => f.values.site === 'cookie-credential');
  return (r) => reads.find((c) => c.values.routeFile === r.evidence.file && c.values.routeLine === r.evidence.line && (c.values.routePath === undefined || c.values.routePath === r.path));
}
