import type { EntryPoint } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'openapi-auth-not-enforced-in-code',
    pack: 'api',
    title: '{{route}} is secured in the API spec but not in the code',
    description: 'The API description ({{spec}}) requires authentication for {{route}}, but the route that serves it ({{file}}:{{line}}) runs without any authentication guard. Consumers and reviewers trust the spec; the server does not enforce it.',
    stride: ['S', 'E', 'I'],
    cwe: ['CWE-306', 'CWE-862'],
    capec: ['CAPEC-115'],
    attack: ['T1190'],
    owasp: ['API2:2023', 'API5:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated internet user',
      prerequisites: 'who reads the public API description or probes the route',
      threatAction: 'call {{route}} without the token the spec demands',
      threatImpact: 'data or actions meant for authenticated users available to anyone',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data handled by {{route}}'],
    },
    mitigation: {
      title: 'Enforce the declared security in the implementation',
      content: 'Apply the authentication guard the spec describes to the route (or its router), and test the spec against the running service (contract tests that call secured operations without a token must get 401).',
      controls: { cwe: ['CWE-306'], asvs: ['V4.1.1', 'V13.1.3'], nist80053: ['AC-3', 'IA-2', 'SA-11'] },
      remediation: 'Add the authentication middleware to the route at {{file}}:{{line}}, the way the other secured routes of this service do.',
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/306.html'],
  },
  check(ctx) {
    const readsRecords = storedRecordReads(ctx);
    for (const ep of ctx.system.entryPoints) {
      if (!ep.tags.includes('spec-auth-mismatch')) continue;
      // Signing in or out needs no earlier login: a spec-wide `security` the operation does not lift
      // makes the spec loose there, not the code.
      if (ep.tags.includes('login') || ep.tags.includes('logout')) continue;
      const code = ep.evidence[0];
      const spec = ep.evidence.find((e) => e !== code);
      // The code lets the route through on purpose (`@Public()`, an interceptor's allow-list): the
      // spec and the code disagree about intent, which is to settle, not an open door found.
      const declared = ep.tags.includes('declared-public');
      ctx.report({
        key: `${code.file}#${ep.method ?? ''} ${ep.path ?? ''}#spec-auth`,
        evidence: [code, ...(spec ? [spec] : [])],
        elements: [ep.id, ep.component],
        data: { route: `${ep.method ?? ''} ${ep.path ?? ''}`, spec: spec ? `${spec.file}:${spec.line}` : 'the API description' },
        // A read-only route that reads no stored record (it proxies a third-party API, serves
        // reference data) exposes at most what it fetches: a disclosure, not a takeover.
        ...(declared ? { confidence: 'low' as const, likelihood: 'low' as const, impact: 'medium' as const } : readOnly(ep) && !readsRecords(ep) ? { impact: 'medium' as const } : {}),
      });
    }
  },
});

/** GET, HEAD or OPTIONS without a sign of a write (a GET that writes is tagged get-writes-state). */
function readOnly(ep: EntryPoint): boolean {
  return /^(GET|HEAD|OPTIONS)$/.test(ep.method ?? '') && !ep.tags.some((t) => t === 'state-changing' || t === 'writes-storage' || t === 'get-writes-state');
}

const DATABASE_SINKS = new Set(['sql', 'nosql']);

/**
 * Does the route read stored records: a record read by id or a listing the handler analysis
 * attached to the route (`record-access`, `record-listing`), or a database query inside the
 * route's own handler lines.
 */
function storedRecordReads(ctx: RuleContext): (ep: EntryPoint) => boolean {
  const attached = new Set(
    ctx
      .factsOf('config')
      .filter((f) => f.setting === 'record-access' || f.setting === 'record-listing')
      .map((f) => `${String(f.values.routeFile)}:${String(f.values.routeLine)}`),
  );
  const queries = ctx.factsOf('sink').filter((f) => DATABASE_SINKS.has(f.sink));
  return (ep) => {
    const code = ep.evidence[0];
    if (!code) return true;
    if (attached.has(`${code.file}:${code.line}`)) return true;
    const end = code.endLine ?? code.line;
    return queries.some((q) => q.evidence.file === code.file && q.evidence.line >= code.line && q.evidence.line <= end);
  };
}
