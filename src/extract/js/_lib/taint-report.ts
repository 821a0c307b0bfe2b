// Shared by the web injection rules: every tainted sink fact of one kind becomes a finding whose
// first evidence is the sink line and whose further evidence is the taint path.
import type { EntryPoint, Level, SinkFact, SinkKind } from '../../../model/types.js';
import type { RuleContext } from '../../../rules/types.js';
import { type LookupUse, STORED_SOURCE } from './taint-output.js';

export interface TaintRuleOptions {
  kind: SinkKind;
  /** The concrete change at the sink line for this finding. */
  remediation: (fact: SinkFact) => string;
  confidence?: (fact: SinkFact) => Level | undefined;
  /** Sinks the rule knows are safe (e.g. a body already reduced to declared fields). */
  skip?: (fact: SinkFact) => boolean;
  /** Per-finding likelihood, when what the sink fact shows changes what an attacker gains. */
  likelihood?: (fact: SinkFact) => Level | undefined;
  /** Per-finding impact, when the sink fact shows the attacker gains less than the rule assumes. */
  impact?: (fact: SinkFact) => Level | undefined;
  /** Extra template data (e.g. the privileged fields a mass assignment reaches). */
  data?: (fact: SinkFact) => Record<string, string>;
}

/** Grammar text must not carry markup characters. */
function clean(text: string): string {
  return text.replace(/[&<>]/g, '').slice(0, 120);
}

export function reportTaintSinks(ctx: RuleContext, options: TaintRuleOptions): void {
  const firstKey = new Map<string, string>();
  for (const fact of ctx.factsOf('sink')) {
    if (fact.sink !== options.kind || !fact.tainted || options.skip?.(fact)) continue;
    // Browser-side HTML sinks are judged by the dom-xss and stored-xss rules.
    if (fact.extractor === 'js/frontend') continue;
    const component = ctx.componentOf(fact.evidence.file);
    const route = fact.route ? servedRoute(ctx, fact) : 'a request handler';
    const socket = socketEntryPoint(ctx, fact);
    // Only administrators reach the sink: scored with that entry point, by a lower likelihood, and
    // where the application hands its administrators a shell anyway, a file bug gives them nothing new.
    const reached = reachedEntryPoints(ctx, fact);
    const adminOnly = reached.length > 0 && reached.every((e) => e.auth === 'admin');
    const shell = adminOnly && options.kind === 'path' && adminHasShell(ctx);
    const own = fact.key ?? `${fact.evidence.file}#${fact.api}#${fact.source ?? ''}`;
    // Read and write sinks of one route and one request value (read a file, then rewrite it): one finding.
    const same = fact.route && fact.source ? `${fact.evidence.file}#${fact.route}#${fact.source}` : undefined;
    const key = (same && firstKey.get(same)) ?? own;
    if (same && !firstKey.has(same)) firstKey.set(same, own);
    // Every route the data enters by admits only holders of the deployment's own secret (an
    // internal job, a scheduler): the attacker must hold that secret first.
    const internal = reached.length > 0 && reached.every((e) => e.tags?.includes('deployment-secret'));
    const likelihood = internal ? 'low' : options.likelihood?.(fact);
    // No route linked: scored as of unknown authentication, not as open to anyone.
    const unlinked = !socket && reached.length === 0 && ![fact.evidence, ...(fact.path ?? [])].some((e) => ctx.entryPointAt(e.file, e.line));
    const least = reached.length > 0 ? weakest(reached) : undefined;
    const signedIn = least && (least.auth === 'user' || least.auth === 'admin') ? least : undefined;
    ctx.report({
      key,
      // Scored with the least protected route the request data enters by when every route asks
      // for a login (an open route adds nothing: the rules' levels already assume one).
      elements: socket ? [socket.id, socket.component] : signedIn ? [signedIn.id, signedIn.component] : component ? [component.id] : undefined,
      evidence: [fact.evidence, ...(fact.path ?? [])],
      data: {
        source: clean(fact.source ?? 'request data'),
        api: clean(fact.api),
        route: clean(route),
        sink: fact.sink,
        ...options.data?.(fact),
      },
      likelihood: adminOnly ? lower(likelihood ?? 'high', shell ? 'low' : 'medium') : likelihood,
      impact: shell ? 'low' : options.impact?.(fact),
      ...(adminOnly ? { threatSource: 'authenticated administrator' } : {}),
      // Second-order data (read back from the database) may never have come from a user.
      confidence: options.confidence?.(fact) ?? (fact.source?.startsWith(STORED_SOURCE) ? 'low' : undefined),
      remediation: options.remediation(fact),
      ...(unlinked ? { routeAuth: 'unknown' as const } : {}),
    });
  }
}

/** The entry points request data enters by on its way to a sink: its socket event, else its HTTP routes. */
export function reachedEntryPoints(ctx: RuleContext, fact: SinkFact): EntryPoint[] {
  const socket = socketEntryPoint(ctx, fact);
  return socket ? [socket] : pathEntryPoints(ctx, fact);
}

const AUTH_ORDER = ['none', 'unknown', 'user', 'admin'];

/** The entry point with the weakest authentication (the first of equals). */
function weakest(eps: readonly EntryPoint[]): EntryPoint {
  return eps.reduce((a, b) => (AUTH_ORDER.indexOf(b.auth) < AUTH_ORDER.indexOf(a.auth) ? b : a));
}

/** Only administrators reach the sink: every entry point its request data enters by requires an admin. */
export function reachedOnlyByAdmins(ctx: RuleContext, fact: SinkFact): boolean {
  const reached = reachedEntryPoints(ctx, fact);
  return reached.length > 0 && reached.every((e) => e.auth === 'admin');
}

/**
 * The socket event entry point a finding's data comes from (`WS <event>` routes): the one whose
 * registration or handler line is a step of the taint path, so its auth and exposure score it.
 */
function socketEntryPoint(ctx: RuleContext, fact: SinkFact): EntryPoint | undefined {
  if (!fact.route?.startsWith('WS ')) return undefined;
  const event = `#${fact.route.slice(3)}`;
  for (const step of fact.path ?? []) {
    const ep = ctx.entryPointAt(step.file, step.line);
    // Meteor DDP methods and publications are named by themselves (`method:x`), not under a socket path.
    if (ep?.kind === 'websocket' && (ep.path?.endsWith(event) || ep.path === event.slice(1))) return ep;
  }
  return undefined;
}

const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

function lower(a: Level, b: Level): Level {
  return LEVELS[Math.min(LEVELS.indexOf(a), LEVELS.indexOf(b))];
}

const stepIndex = new WeakMap<readonly EntryPoint[], Map<string, EntryPoint[]>>();

/**
 * The HTTP entry points of a taint path: those whose registration or handler line is the sink or
 * a step of the path (a handler registered on several routes gives them all).
 */
function pathEntryPoints(ctx: RuleContext, fact: SinkFact): EntryPoint[] {
  let byLine = stepIndex.get(ctx.system.entryPoints);
  if (!byLine) {
    byLine = new Map();
    for (const ep of ctx.system.entryPoints) {
      if (ep.kind !== 'http') continue;
      const lines = new Set([...ep.evidence.map((e) => `${e.file}:${e.line}`), ...(ep.handler ? [`${ep.handler.file}:${ep.handler.line}`] : [])]);
      for (const l of lines) byLine.set(l, [...(byLine.get(l) ?? []), ep]);
    }
    stepIndex.set(ctx.system.entryPoints, byLine);
  }
  const out = new Set<EntryPoint>();
  for (const step of [fact.evidence, ...(fact.path ?? [])]) for (const ep of byLine.get(`${step.file}:${step.line}`) ?? []) out.add(ep);
  if (out.size > 0) return [...out];
  // Decorated handlers (NestJS) start at their decorators: the route the analyser names, served
  // by a handler in a file of the path, as servedRoute finds it.
  const m = /^([A-Z]+) (\S*)$/.exec(fact.route ?? '');
  if (!m) return enclosingHandlerEntryPoints(ctx, fact);
  const files = new Set([fact.evidence.file, ...(fact.path ?? []).map((e) => e.file)]);
  const want = pathSegments(m[2]);
  for (const ep of ctx.system.entryPoints) {
    if (ep.kind !== 'http' || ep.method !== m[1] || !ep.path || !ep.handler || !files.has(ep.handler.file)) continue;
    const have = pathSegments(ep.path);
    if (have.length >= want.length && want.every((seg, i) => have[have.length - want.length + i] === seg)) out.add(ep);
  }
  if (out.size > 0) return [...out];
  return enclosingHandlerEntryPoints(ctx, fact);
}

/** How far below a handler's first line the step that reads the request may sit. */
const HANDLER_SPAN = 60;

/**
 * The entry points whose handler encloses the taint path's first step (the request read, e.g.
 * `query.user.create(req.body)` a few lines into `async function create(req, res)`): the nearest
 * handler declared above that step in its file, within a handler's span.
 */
function enclosingHandlerEntryPoints(ctx: RuleContext, fact: SinkFact): EntryPoint[] {
  const first = fact.path?.[0] ?? fact.evidence;
  let nearest = -1;
  for (const ep of ctx.system.entryPoints) {
    const h = ep.handler;
    if (ep.kind === 'http' && h && h.file === first.file && h.line <= first.line && first.line - h.line <= HANDLER_SPAN && h.line > nearest) nearest = h.line;
  }
  if (nearest < 0) return [];
  return ctx.system.entryPoints.filter((ep) => ep.kind === 'http' && ep.handler?.file === first.file && ep.handler.line === nearest);
}

/** Terminal emulation libraries: an application that embeds one gives its users a shell. */
const PTY_MODULE = /(^|[/-])(node-pty|pty\.js)(-[\w-]+)?$|^@[\w-]+\/node-pty\b/;
const TEST_FILE = /(^|\/)(tests?|__tests__|e2e|spec|fixtures?|mocks?)\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;
const shellCache = new WeakMap<readonly unknown[], boolean>();

/**
 * Does the application give its administrators a shell (an embedded terminal)? Then a file bug
 * behind an administrator login gives them nothing they do not have: such findings are low.
 */
function adminHasShell(ctx: RuleContext): boolean {
  let known = shellCache.get(ctx.facts);
  if (known === undefined) {
    known = ctx.factsOf('import').some((i) => PTY_MODULE.test(i.module) && !TEST_FILE.test(i.evidence.file));
    shellCache.set(ctx.facts, known);
  }
  return known;
}

/** Path segments with parameters written alike (`:id`, `{id}`, `[id]` all become `:`). */
function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s) => (/^[:{[]/.test(s) ? ':' : s.toLowerCase()));
}

/**
 * The route as clients call it. The taint analyser knows the route string of the handler's own
 * file (`POST /` in a router mounted at `/users`, `PUT /user` under Nest's global prefix `api`);
 * the entry point of the same method, whose handler or registration is in a file of the taint
 * path and whose full path ends with that string, carries the resolved path. Used when exactly
 * one full path fits.
 */
export function servedRoute(ctx: RuleContext, fact: SinkFact): string {
  const local = fact.route ?? '';
  const m = /^([A-Z]+) (\S*)$/.exec(local);
  if (!m) return local;
  const [, method, path] = m;
  const files = new Set([fact.evidence.file, ...(fact.path ?? []).map((e) => e.file)]);
  const want = pathSegments(path);
  const fits = new Set<string>();
  for (const ep of ctx.factsOf('entrypoint')) {
    if (ep.protocol !== 'http' || ep.method !== method || !ep.path) continue;
    if (!files.has(ep.evidence.file) && !(ep.handler && files.has(ep.handler.file))) continue;
    const have = pathSegments(ep.path);
    if (have.length < want.length || want.some((s, i) => have[have.length - want.length + i] !== s)) continue;
    fits.add(ep.path);
  }
  return fits.size === 1 ? `${method} ${[...fits][0]}` : local;
}

/** `file:line` of a fact, for remediation text. */
export function at(fact: SinkFact): string {
  return `${fact.evidence.file}:${fact.evidence.line}`;
}

/**
 * What the code does with the result of the lookup a nosql sink fact sits in (`resultUse`, set by
 * the taint analyser on SinkOut), when known.
 */
export function resultUseOf(fact: SinkFact): LookupUse | undefined {
  // Facts may come back from the cache: only the two known notes count.
  const use: unknown = fact.resultUse;
  return use === 'password-checked' || use === 'existence' ? use : undefined;
}
