// Whole-repository step of the Sails extractor: each route of config/routes.js becomes an entry
// point whose auth is decided by the policies config/policies.js maps its action to (most specific
// key first: the action, then `controller/*`, then `*`; none means open, as in Sails), each policy
// judged by its own body in api/policies/.
import type { AuthLevel, EntrypointFact, Fact } from '../../../model/types.js';
import { authLikeName, routeTags, type MwRef } from '../_lib/routes.js';
import { SAILS_SETTING, type SailsRecord, type SailsRoute } from './scan.js';

const EXTRACTOR = 'js/sails';
const RANK: Record<AuthLevel, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

interface App {
  routesFile?: string;
  routes: SailsRoute[];
  policies?: Record<string, string[] | boolean>;
  policyLines?: Record<string, number>;
  policiesFile?: string;
  checks: Map<string, { level?: string; why?: string }>;
  actions: Map<string, { file: string; line: number }>;
}

/** The policy entry that applies to an action: `users/create`, then `users/*`, `*`. */
function policyFor(action: string, policies: Record<string, string[] | boolean>): { key: string; value: string[] | boolean } | undefined {
  const parts = action.toLowerCase().split('/');
  const lower = new Map(Object.entries(policies).map(([k, v]) => [k.toLowerCase(), { key: k, value: v }]));
  if (lower.has(parts.join('/'))) return lower.get(parts.join('/'));
  for (let i = parts.length - 1; i >= 1; i--) {
    const hit = lower.get(`${parts.slice(0, i).join('/')}/*`);
    if (hit) return hit;
  }
  return lower.get('*');
}

function levelOf(check: { level?: string } | undefined, name: string): AuthLevel {
  const level = check?.level;
  if (level === 'admin') return 'admin';
  if (level === 'user' || level === 'role') return 'user';
  if (level === 'unknown') return 'unknown';
  // A policy the body did not show to refuse anyone: its name may still say it authenticates.
  return check ? 'none' : authLikeName(name.replace(/-/g, ' ')) ? 'unknown' : 'none';
}

export function linkSails(input: Fact[]): Fact[] {
  if (!input.some((f) => f.kind === 'config' && f.setting === SAILS_SETTING)) return input;
  const apps = new Map<string, App>();
  const app = (root: string): App => {
    let a = apps.get(root);
    if (!a) apps.set(root, (a = { routes: [], checks: new Map(), actions: new Map() }));
    return a;
  };
  const rest: Fact[] = [];
  for (const f of input) {
    if (f.kind !== 'config' || f.setting !== SAILS_SETTING) {
      rest.push(f);
      continue;
    }
    const rec = JSON.parse(String(f.values.data)) as SailsRecord;
    const a = app(rec.root);
    if (rec.routes) {
      a.routes = rec.routes;
      a.routesFile = f.evidence.file;
    }
    if (rec.policies) {
      a.policies = rec.policies;
      a.policyLines = rec.policyLines;
      a.policiesFile = f.evidence.file;
    }
    if (rec.policy) a.checks.set(rec.policy.name.toLowerCase(), rec.policy);
    for (const [id, line] of Object.entries(rec.actions ?? {})) a.actions.set(id.toLowerCase(), { file: f.evidence.file, line });
  }
  for (const a of apps.values()) {
    if (!a.routesFile) continue;
    for (const r of a.routes) rest.push(entry(a, r));
  }
  return rest;
}

function entry(a: App, r: SailsRoute): EntrypointFact {
  const file = a.routesFile!;
  let auth: AuthLevel = 'none';
  const middleware: string[] = [];
  const authEvidence: string[] = [];
  const chain: MwRef[] = [];
  const tags: string[] = [];
  let handler: EntrypointFact['handler'];
  if (r.action) {
    const act = a.actions.get(r.action.toLowerCase());
    handler = act ? { file: act.file, line: act.line, name: r.action } : { file, line: r.line, name: r.action };
    const hit = a.policies ? policyFor(r.action, a.policies) : undefined;
    const where = hit && a.policiesFile ? `${a.policiesFile}:${a.policyLines?.[hit.key] ?? 1}` : undefined;
    if (hit?.value === true) {
      tags.push('declared-public');
      authEvidence.push(`policy '${hit.key}': true (${where})`);
    } else if (hit?.value === false) {
      // Sails refuses every request to the action.
      auth = 'admin';
      tags.push('deny-all');
      authEvidence.push(`policy '${hit.key}': false (${where})`);
    } else if (Array.isArray(hit?.value)) {
      for (const name of hit.value) {
        const check = a.checks.get(name.toLowerCase());
        const level = levelOf(check, name);
        middleware.push(name);
        chain.push({ name, role: level === 'admin' ? 'auth-admin' : level === 'user' ? 'auth-user' : level === 'unknown' ? 'auth-unknown' : 'other' });
        if (level !== 'none') authEvidence.push(`${name}: ${check?.why ?? 'policy named for authentication'} (${where})`);
        if (RANK[level] > RANK[auth]) auth = level;
      }
    }
  } else if (r.inline) {
    // A function target is no action: no policy runs, only its own check.
    handler = { file, line: r.inline.line, name: `${r.method} ${r.path}` };
    const level = levelOf(r.inline, '');
    if (level !== 'none') {
      auth = level;
      authEvidence.push(`inline: ${r.inline.why ?? ''}`);
    }
  } else if (r.view) {
    tags.push('page-only');
  }
  const method = r.method === '*' ? 'ALL' : r.method;
  const snippet = `'${r.method === '*' ? '' : `${r.method} `}${r.path}': ${r.action ? `'${r.action}'` : r.inline ? '{ fn }' : '{ view }'}`;
  return {
    kind: 'entrypoint',
    extractor: EXTRACTOR,
    protocol: 'http',
    framework: 'sails',
    method,
    path: r.path,
    handler,
    middleware,
    auth,
    authEvidence,
    tags: routeTags(method, r.path, chain, r.action, tags),
    evidence: { file, line: r.line, snippet },
    key: `${file}#sails:${method} ${r.path}`,
  };
}
