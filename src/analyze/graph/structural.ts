// Structural edges: what holding a state gives by the shape of the system alone, with no finding
// needed (a foothold reads its own secrets, credentials open the stores they are for...). Each is
// an assumption a reviewer can check; they are listed in readme.md, "Structural edges".
import type { Component } from '../../model/types.js';
import type { GraphBuilder } from './builder.js';
import type { AttackState, Requirement } from './types.js';
import { gainPhrase, route } from './words.js';

const NEVER = Number.POSITIVE_INFINITY;

function structural(b: GraphBuilder, from: AttackState, to: AttackState, likelihood: number, reason: string, extra: { evidence?: Component['evidence']; requires?: Requirement; cost?: number; fix?: string } = {}): void {
  const name = to.component ? b.topology.nameOf(to.component) : '';
  b.add({
    key: reason,
    from: from.id,
    to: to.id,
    kind: 'structural',
    likelihood,
    description: `${gainPhrase(to, name)} (${reason})`,
    evidence: (extra.evidence ?? []).slice(0, 2),
    cost: extra.cost ?? NEVER,
    ...(extra.requires ? { requires: extra.requires } : {}),
    ...(extra.fix ? { fix: extra.fix } : {}),
  });
}

/** Using credentials needs a network path to the store unless it answers on a public API. */
function reachRequirement(b: GraphBuilder, store: Component): Requirement | undefined {
  if (store.exposure === 'internet' || b.topology.isCloudService(store)) return undefined;
  return { anyOf: [b.state('reach', store).id], anyKind: ['exec'], why: `${b.topology.nameOf(store.id)} only answers inside the network` };
}

function reachExposed(b: GraphBuilder, from: AttackState): void {
  for (const c of b.topology.components.values()) {
    if (c.exposure !== 'internet' || c.kind === 'actor' || c.kind === 'external') continue;
    // A finding says the exposure is a mistake (a port published on all interfaces): its edge is the one to cut.
    if (b.hasEdge(from.id, b.state('reach', c).id, 'threat')) continue;
    structural(b, from, b.state('reach', c), 1, `${c.name} is exposed to the internet`, { evidence: c.evidence });
  }
}

function expandInternet(b: GraphBuilder, internet: AttackState): void {
  const t = b.topology;
  reachExposed(b, internet);
  const signup = t.model.entryPoints.find((e) => e.tags.includes('signup') && e.auth === 'none' && e.exposure === 'internet');
  if (signup) structural(b, internet, b.state('user'), 0.95, `self-service sign-up at ${route(signup)}`, { evidence: signup.evidence });
}

function expandReach(b: GraphBuilder, reach: AttackState, c: Component): void {
  const eps = b.topology.entryPointsOf(c.id);
  // A UI shell (a page that only renders client components) serves no data or action itself.
  const open = eps.filter((e) => e.tags.includes('admin-path') && e.auth === 'none' && !e.tags.includes('ui-shell'));
  if (open.length > 0) {
    const admin = b.state('admin', c);
    // A finding already says so (missing authentication on an admin route): it is the edge to cut.
    if (!b.hasEdge(reach.id, admin.id, 'threat')) {
      structural(b, reach, admin, 0.9, `the administrator routes of ${c.name} require no authentication, e.g. ${route(open[0])}`, {
        evidence: open[0].evidence,
        cost: 2,
        fix: `require an administrator session on the admin routes of ${c.name} (${open.map(route).slice(0, 3).join(', ')})`,
      });
    }
  }
  // Debug routes (environment, config, heap dumps) answer with the process's secrets. The web rules
  // judge internet-facing ones; an internal one matters as soon as something reaches it.
  for (const ep of eps.filter((e) => e.tags.includes('debug') && (e.auth === 'none' || e.auth === 'unknown'))) {
    const from = ep.tags.includes('admin-path') ? b.state('admin', c) : reach;
    const secrets = b.state('secrets', c);
    if (b.hasEdge(from.id, secrets.id, 'threat')) continue;
    structural(b, from, secrets, 0.7, `the debug route ${route(ep)} of ${c.name} answers without authentication and such routes return the environment`, {
      evidence: ep.evidence,
      cost: 1,
      fix: `remove the debug route ${route(ep)} from production builds or put it behind an administrator check`,
    });
  }
}

/** An SSRF speaks HTTP: stores with their own wire protocol answer only through protocol smuggling. */
function protocolFactor(b: GraphBuilder, http: boolean, target: Component): number {
  return http && b.topology.isStore(target) ? 0.5 : 1;
}

function expandFoothold(b: GraphBuilder, state: AttackState, c: Component): void {
  const t = b.topology;
  const ssrf = state.kind === 'net';
  for (const { target, flow } of t.connectedFrom(c)) {
    structural(b, state, b.state('reach', target), protocolFactor(b, ssrf, target), `${c.name} connects to ${target.name}`, { evidence: flow.evidence });
  }
  // Everything else on the deployment network goes through one hub state, so the graph stays
  // linear in the number of components instead of quadratic.
  if (t.isServerSide(c)) structural(b, state, b.state(ssrf ? 'lan-http' : 'lan'), 1, `${c.name} sits on the deployment network`);
  if (state.kind !== 'exec') return;
  structural(b, state, b.state('secrets', c), 0.95, `code running in ${c.name} reads its environment, configuration files and mounted secrets`, { evidence: c.evidence });
  for (const { store, flow } of t.storesOf(c.id)) {
    if (t.isLocalStore(store)) structural(b, state, b.state('data', store), 1, `${store.name} is on the disk of ${c.name}`, { evidence: flow.evidence });
  }
}

function expandNetwork(b: GraphBuilder, state: AttackState): void {
  const http = state.kind === 'lan-http';
  for (const target of b.topology.onDeploymentNetwork()) {
    structural(b, state, b.state('reach', target), 0.85 * protocolFactor(b, http, target), `${target.name} is on the same network and no network policy is modelled`);
  }
}

function expandSecrets(b: GraphBuilder, state: AttackState, c: Component): void {
  const t = b.topology;
  if (t.isStore(c)) {
    structural(b, state, b.state('data', c), 0.9, `the password of ${c.name} opens it`, { requires: reachRequirement(b, c) });
    return;
  }
  for (const { store, flow } of t.storesOf(c.id)) {
    if (t.isLocalStore(store)) continue;
    structural(b, state, b.state('data', store), 0.95, `${c.name} holds the credentials it uses for ${store.name}`, { evidence: flow.evidence, requires: reachRequirement(b, store) });
  }
  for (const { external, flow } of t.externalsOf(c.id)) {
    structural(b, state, b.state('access', external), 0.7, `${c.name} holds the API key it uses for ${external.name}`, { evidence: flow.evidence });
  }
  if (t.hasAuthenticatedRoutes(c.id)) structural(b, state, b.state('admin', c), 0.5, `the configuration of ${c.name} normally holds the key that signs its sessions, so an administrator session can be forged`);
}

function expandAdmin(b: GraphBuilder, state: AttackState, c: Component): void {
  for (const { store, flow } of b.topology.storesOf(c.id)) {
    structural(b, state, b.state('data', store), 0.6, `administrators of ${c.name} read and change data it keeps in ${store.name} through its own functions`, { evidence: flow.evidence });
  }
}

const IDENTITY = /\b(users?|accounts?|members?|roles?|credentials?|logins?|principals?|identit(y|ies)|auth\w*)\b/i;

function expandData(b: GraphBuilder, state: AttackState, store: Component): void {
  const t = b.topology;
  const identities = t.assetsIn(store.id).some((a) => a.categories.includes('credentials') || IDENTITY.test(a.name));
  if (!identities) return;
  for (const user of t.usersOf(store.id)) {
    if (!t.hasAuthenticatedRoutes(user.id) && !t.hasAdminRoutes(user.id)) continue;
    structural(b, state, b.state('admin', user), 0.7, `${user.name} keeps its users and roles in ${store.name}, so writing there makes the attacker an administrator`);
  }
}

/** Expands one state with every structural edge that leaves it. */
export function expandState(b: GraphBuilder, state: AttackState): void {
  const c = state.component ? b.topology.components.get(state.component) : undefined;
  switch (state.kind) {
    case 'internet':
      return expandInternet(b, state);
    case 'user':
      // An account holder is also an internet client.
      return reachExposed(b, state);
    case 'reach':
      if (c) expandReach(b, state, c);
      return;
    case 'net':
    case 'exec':
      if (c) expandFoothold(b, state, c);
      return;
    case 'lan':
    case 'lan-http':
      expandNetwork(b, state);
      return;
    case 'secrets':
      if (c) expandSecrets(b, state, c);
      return;
    case 'admin':
      if (c) expandAdmin(b, state, c);
      return;
    case 'data':
      if (c) expandData(b, state, c);
      return;
    case 'host':
      structural(b, state, b.state('cluster'), 0.9, 'the host runs the container runtime and holds the credentials that control every workload of the deployment');
      return;
    default:
      return;
  }
}
