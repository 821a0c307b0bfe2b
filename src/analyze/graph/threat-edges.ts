// Threats as edges: where the weakness sits decides the precondition (the state an attacker needs
// to exploit it), its gain class decides what it gives. See readme.md, "Edge table".
import type { Component, Threat, ThreatStatus } from '../../model/types.js';
import { likelihoodWithout } from '../score.js';
import type { GraphBuilder } from './builder.js';
import { classifyWeakness, isSigningKeyFinding } from './semantics.js';
import type { WeaknessClass } from './semantics.js';
import type { Site } from './topology.js';
import type { AttackState, Requirement } from './types.js';
import { gainPhrase, quoted, route, where } from './words.js';

/** Threats whose edges stay in the graph: open ones, and accepted risks (still exploitable). */
const ACTIVE: ReadonlySet<ThreatStatus> = new Set(['open', 'accepted']);

const MAX_SITES = 8;

interface Origin {
  from: AttackState;
  factor: number;
  requires?: Requirement;
}

interface Gain {
  to: AttackState;
  factor: number;
}

/** Effort to fix, by class: configuration (1), code (2), design (3). Used to pick the cheapest break. */
const FIX_COST: Partial<Record<WeaknessClass, number>> = {
  'container-escape': 1,
  'workload-identity': 1,
  'container-root': 1,
  'exposed-service': 1,
  'hardcoded-secret': 1,
  'secret-disclosure': 1,
  cleartext: 1,
  'missing-authn': 2,
  'missing-authz': 2,
  ssrf: 2,
  'code-exec': 2,
  'data-injection': 2,
  'upload-exec': 2,
  'file-read': 2,
  'file-write': 2,
  'token-forgery': 1,
  'privilege-escalation': 2,
  'account-takeover': 2,
  xss: 2,
  csrf: 2,
  'data-disclosure': 2,
  dos: 2,
};

/** Success once in position, for weaknesses that need no skill or luck (missing checks, published secrets). */
const EXPLOIT_FLOOR: Partial<Record<WeaknessClass, number>> = {
  'missing-authn': 0.85,
  'missing-authz': 0.8,
  'secret-disclosure': 0.8,
  'hardcoded-secret': 0.8,
  'exposed-service': 0.9,
};
const CONFIDENCE_FACTOR: Record<Threat['confidence'], number> = { high: 1, medium: 0.9, low: 0.7 };

/** Classes that are exploited on the component itself, not through one of its routes. */
const FROM_FOOTHOLD = new Set<WeaknessClass>(['container-escape', 'workload-identity', 'container-root']);
const ABOUT_AUTH = new Set<WeaknessClass>(['missing-authn', 'missing-authz', 'privilege-escalation']);

function origins(b: GraphBuilder, cls: WeaknessClass, site: Site): Origin[] {
  // An exposure mistake is open to anyone on the internet, account holders included.
  if (cls === 'exposed-service') return [{ from: b.state('internet'), factor: 1 }, { from: b.state('user'), factor: 1 }];
  const one = origin(b, cls, site);
  return one ? [one] : [];
}

function origin(b: GraphBuilder, cls: WeaknessClass, site: Site): Origin | undefined {
  const { component, entryPoint: ep } = site;
  const t = b.topology;
  if (FROM_FOOTHOLD.has(cls)) return { from: b.state('exec', component), factor: 1 };
  if (cls === 'hardcoded-secret') return { from: b.state('repo'), factor: 1 };
  if (ep) {
    // An administrator function with no login of its own is reached through "admin routes without
    // authentication"; the weakness inside it then needs that administrator position.
    if (ep.tags.includes('admin-path') && ep.auth === 'none' && !ABOUT_AUTH.has(cls)) return { from: b.state('admin', component), factor: 1 };
    if (ep.auth === 'none') return { from: b.state('reach', component), factor: 1 };
    if (ep.auth === 'admin') return { from: b.state('admin', component), factor: 1 };
    if (ep.auth === 'user') {
      if (component.exposure === 'internet') return { from: b.state('user'), factor: 1 };
      // An internal route behind a login: the attacker needs both a network path and a session.
      return { from: b.state('reach', component), factor: 1, requires: { anyOf: [b.state('user').id], why: `${route(ep)} requires a logged-in user` } };
    }
    return { from: b.state('reach', component), factor: 0.7 };
  }
  if (t.isStore(component)) return { from: b.state('reach', component), factor: 1 };
  const eps = t.entryPointsOf(component.id);
  if (eps.length === 0) return { from: b.state('reach', component), factor: 0.3 };
  if (eps.some((e) => e.auth === 'none')) return { from: b.state('reach', component), factor: 0.8 };
  if (eps.every((e) => e.auth === 'user' || e.auth === 'admin') && component.exposure === 'internet') return { from: b.state('user'), factor: 0.9 };
  return { from: b.state('reach', component), factor: 0.6 };
}

function stores(b: GraphBuilder, component: Component, factor: number, kinds?: Component['kind'][]): Gain[] {
  return b.topology
    .storesOf(component.id)
    .filter((s) => !kinds || kinds.includes(s.store.kind))
    .map((s) => ({ to: b.state('data', s.store), factor }));
}

const SQL_TECH = /postgres|mysql|mariadb|sqlite|mssql|sql server|oracle|cockroach|sequelize|knex|prisma|typeorm|\bpg\b/i;
const SQL_CWES = new Set(['CWE-89', 'CWE-564']);

/** SQL injection reaches SQL databases, NoSQL injection the other stores; caches only when nothing else fits. */
function injectableStores(b: GraphBuilder, y: Component, threat: Threat): Gain[] {
  const all = b.topology.storesOf(y.id).map((s) => s.store).filter((s) => s.kind === 'datastore' || s.kind === 'storage');
  const sql = threat.cwe.some((c) => SQL_CWES.has(c));
  const fitting = all.filter((s) => SQL_TECH.test(s.tech.join(' ')) === sql);
  const chosen = fitting.length > 0 ? fitting : all.filter((s) => !/redis|memcache|cache/i.test(s.tech.join(' ')));
  return chosen.map((s) => ({ to: b.state('data', s), factor: 1 }));
}

/**
 * A forged token is any identity the service accepts: an administrator's where the service has
 * administrative routes, otherwise every user's, and with them the data those users reach.
 */
function forgedIdentity(b: GraphBuilder, y: Component, factor: number): Gain[] {
  if (b.topology.hasAdminRoutes(y.id)) return [{ to: b.state('admin', y), factor }];
  return [{ to: b.state('user'), factor: 1 }, ...stores(b, y, factor * 0.7)];
}

const SECRET_WORDS = /\benv(ironment)?\b|secret|config|credential|password|api[- ]?key|token/i;

function gains(b: GraphBuilder, cls: WeaknessClass, site: Site, threat: Threat): Gain[] {
  const { component: y, entryPoint: ep } = site;
  const t = b.topology;
  const adminRoute = ep ? ep.tags.includes('admin-path') || ep.auth === 'admin' : t.hasAdminRoutes(y.id) || threat.architectural;
  switch (cls) {
    case 'ssrf':
      return [{ to: b.state('net', y), factor: 1 }];
    case 'code-exec':
      return [{ to: b.state('exec', y), factor: 1 }];
    case 'upload-exec':
    case 'file-write':
      return [{ to: b.state('exec', y), factor: 0.5 }];
    case 'file-read':
      return [{ to: b.state('secrets', y), factor: 0.6 }];
    case 'data-injection':
      return injectableStores(b, y, threat);
    case 'missing-authn':
      if (t.isStore(y)) return [{ to: b.state('data', y), factor: 1 }];
      if (adminRoute) return [{ to: b.state('admin', y), factor: 1 }];
      return stores(b, y, 0.6);
    case 'missing-authz':
      return adminRoute ? [{ to: b.state('admin', y), factor: 1 }] : stores(b, y, 0.6);
    case 'privilege-escalation':
      return [{ to: b.state('admin', y), factor: 1 }];
    case 'token-forgery':
      return forgedIdentity(b, y, 0.9);
    case 'account-takeover':
      return [
        { to: b.state('user'), factor: 0.8 },
        ...(t.hasAdminRoutes(y.id) ? [{ to: b.state('admin', y), factor: 0.4 }] : []),
      ];
    case 'hardcoded-secret': {
      const signing = isSigningKeyFinding({ cwe: threat.cwe, stride: threat.stride, ruleId: threat.ruleId, title: threat.title, description: threat.description });
      return [{ to: b.state('secrets', y), factor: 1 }, ...(signing && (t.hasAuthenticatedRoutes(y.id) || t.hasAdminRoutes(y.id)) ? forgedIdentity(b, y, 0.9) : [])];
    }
    case 'secret-disclosure':
      return [{ to: b.state('secrets', y), factor: 0.9 }];
    case 'data-disclosure':
      return SECRET_WORDS.test(threat.title) ? [{ to: b.state('secrets', y), factor: 0.6 }] : stores(b, y, 0.4);
    case 'xss':
      return [{ to: b.state('user'), factor: 0.6 }, ...(t.hasAdminRoutes(y.id) ? [{ to: b.state('admin', y), factor: 0.3 }] : [])];
    case 'csrf':
      return [{ to: b.state('user'), factor: 0.3 }];
    case 'container-escape':
      return [{ to: b.state('host'), factor: 0.9 }];
    case 'workload-identity':
      return [{ to: b.state('cluster'), factor: 0.9 }];
    case 'container-root':
      return [{ to: b.state('host'), factor: 0.2 }];
    case 'exposed-service':
      return [{ to: b.state('reach', y), factor: 1 }];
    case 'dos':
      return [{ to: b.state('dos', y), factor: 1 }];
    case 'cleartext':
      return [];
  }
}

/** Cleartext on the internet path: session tokens of users, or API credentials to a third party. */
function cleartextEdges(b: GraphBuilder, threat: Threat, p: number, base: EdgeBase): void {
  const t = b.topology;
  for (const id of threat.elements) {
    const flow = t.flow(id);
    if (!flow) continue;
    const from = t.components.get(flow.from);
    const to = t.components.get(flow.to);
    if (!from || !to) continue;
    if (from.kind === 'actor') add(b, base, b.state('internet'), b.state('user'), p * 0.3);
    else if (to.kind === 'external') add(b, base, b.state('internet'), b.state('secrets', from), p * 0.2);
  }
}

interface EdgeBase {
  threat: Threat;
  cost: number;
}

function add(b: GraphBuilder, base: EdgeBase, from: AttackState, to: AttackState, likelihood: number, ep?: Site['entryPoint'], requires?: Requirement): void {
  const { threat } = base;
  const name = to.component ? b.topology.nameOf(to.component) : '';
  const at = route(ep);
  b.add({
    from: from.id,
    to: to.id,
    kind: 'threat',
    threat: threat.id,
    likelihood,
    description: `${gainPhrase(to, name)} through ${quoted(threat.title)}${at ? ` at ${at}` : ''} (${where(threat.evidence)})`,
    evidence: threat.evidence.slice(0, 3),
    severity: threat.severity,
    cost: base.cost,
    ...(requires ? { requires } : {}),
    fix: threat.remediation ?? `fix ${threat.title}`,
    ...(threat.mitigations[0] ? { mitigation: threat.mitigations[0] } : {}),
  });
}

/**
 * Adds the edges one threat contributes: none when it is mitigated, resolved or suppressed, or when
 * every mitigation linked to it is implemented (the control stands in the way).
 */
export function addThreatEdges(b: GraphBuilder, threat: Threat, implemented: ReadonlySet<string> = new Set()): void {
  if (!ACTIVE.has(threat.status)) return;
  if (threat.mitigations.length > 0 && threat.mitigations.every((m) => implemented.has(m))) return;
  const cls = classifyWeakness({ cwe: threat.cwe, stride: threat.stride, attack: threat.attack, ruleId: threat.ruleId, title: threat.title, description: threat.description });
  if (!cls) return;
  // Exposure and authentication are states of the path here; only the weakness's own likelihood counts.
  const own = Math.min(0.95, Math.max(0.05, 0.2 + likelihoodWithout(threat.score)));
  // Rule likelihoods fold in "how hard is it to get there"; the graph models that explicitly, so a
  // weakness that is certain to work once the attacker is in position gets a floor.
  const p = Math.max(own, (EXPLOIT_FLOOR[cls] ?? 0) * CONFIDENCE_FACTOR[threat.confidence]);
  const base: EdgeBase = { threat, cost: (FIX_COST[cls] ?? 2) + (threat.architectural ? 1 : 0) };
  if (cls === 'cleartext') {
    cleartextEdges(b, threat, p, base);
    return;
  }
  for (const site of b.topology.sitesOf(threat).slice(0, MAX_SITES)) {
    const gained = gains(b, cls, site, threat);
    for (const from of origins(b, cls, site)) {
      for (const gain of gained) add(b, base, from.from, gain.to, p * from.factor * gain.factor, site.entryPoint, from.requires);
    }
  }
}
