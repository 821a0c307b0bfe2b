// Hand-made models for the ticket tests: the shop product at three commits, so a test can walk
// through "file tickets", "nothing changed", "a fix landed", "a severity moved".
import type { Threat, ThreatModel } from '../../src/model/types.js';
import { model, threat } from '../diff/model-factory.js';

export const IDS = {
  sql: '51c0ffee-0000-5000-8000-000000000001',
  admin: 'ad417e00-0000-5000-8000-000000000002',
  cookie: 'c00c1e00-0000-5000-8000-000000000003',
  logs: '10690000-0000-5000-8000-000000000004',
  health: 'bea17400-0000-5000-8000-000000000005',
} as const;

export const COMMITS = { v1: 'a1'.repeat(20), v2: 'b2'.repeat(20), v3: 'c3'.repeat(20) } as const;

function sql(overrides: Partial<Threat> = {}): Threat {
  return threat(IDS.sql, {
    ruleId: 'sql-injection',
    title: 'SQL injection from request data',
    severity: 'critical',
    cwe: ['CWE-89'],
    capec: ['CAPEC-66'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    stride: ['T', 'I'],
    evidence: [{ file: 'api/src/routes/products.js', line: 20, snippet: 'const { rows } = await db.query(sql);', blame: { commit: 'd'.repeat(40), author: 'Dana Dev', date: '2025-11-02T10:00:00Z' } }],
    statement: 'An anonymous internet user can inject SQL through the q parameter of GET /api/products, which leads to reading and changing any database row, negatively impacting confidentiality and integrity of orders and users.',
    description: 'The value of req.query.q reaches db.query without parameters.',
    mitigations: ['m-param'],
    remediation: 'Pass q as a parameter: db.query("SELECT ... WHERE name ILIKE $1", [q]) at api/src/routes/products.js:20.',
    score: { value: 9, likelihood: 0.9, impact: 1, factors: [{ name: 'exposure', effect: '+0.20 likelihood', detail: 'reachable from the internet' }], explanation: 'critical', cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', score: 9.1 } },
    ...overrides,
  });
}

const admin = (overrides: Partial<Threat> = {}) =>
  threat(IDS.admin, { ruleId: 'admin-route-without-admin-check', title: 'Administrative route PUT /api/admin/users/:id/role has no administrator check', severity: 'high', evidence: [{ file: 'api/src/routes/admin.js', line: 48 }], mitigations: ['m-authz'], ...overrides });
const cookie = (overrides: Partial<Threat> = {}) => threat(IDS.cookie, { ruleId: 'cookie-missing-flags', title: 'Sensitive cookie token set without HttpOnly and Secure in api/src/routes/auth.js', severity: 'medium', evidence: [{ file: 'api/src/routes/auth.js', line: 55 }], ...overrides });
const logs = () => threat(IDS.logs, { ruleId: 'sensitive-data-in-logs', title: 'Sensitive data written to logs', severity: 'low', evidence: [{ file: 'api/src/middleware/requestLogger.js', line: 6 }] });
const health = () => threat(IDS.health, { ruleId: 'container-no-healthcheck', title: 'Image built from api/Dockerfile has no health check', severity: 'high', status: 'suppressed', statusReason: 'health checked by the orchestrator', evidence: [{ file: 'api/Dockerfile', line: 1 }] });

function shop(commit: string, threats: Threat[]): ThreatModel {
  return model({
    product: { name: 'shop', repository: 'https://github.com/acme/shop.git', commit, branch: 'main', languages: ['javascript'], owners: ['@alice', '@acme/shop-team'] },
    threats,
    mitigations: [
      { id: 'm-param', title: 'Use parameterised queries', content: 'Never build SQL from strings; bind every value.', controls: { cwe: ['CWE-89'], asvs: ['V5.3.4'], nist80053: ['SI-10'] }, remediation: 'Bind q as a parameter.', status: 'proposed', threats: [IDS.sql] },
      { id: 'm-authz', title: 'Check the administrator role', content: 'Guard admin routes with a role check.', controls: { asvs: ['V4.1.1'] }, remediation: 'Add requireRole(admin).', status: 'proposed', threats: threats.some((t) => t.id === IDS.admin) ? [IDS.admin] : [] },
    ],
    killChains: [
      {
        id: 'kc-1',
        entry: 'internet',
        target: 'data:db',
        steps: [
          { from: 'internet', to: 'reach:api', description: 'reaches api' },
          { threat: IDS.sql, from: 'reach:api', to: 'data:db', description: 'reads and writes db through SQL injection' },
        ],
        likelihood: 0.9,
        severity: 'critical',
        escalation: false,
        narrative: 'Starting as an anonymous attacker on the internet, the attacker reaches api, then reads and writes db through SQL injection.',
        evidence: [],
      },
    ],
  });
}

/** v1: SQL injection (critical), admin route (high), cookie (medium), logs (low), health (suppressed). */
export const shopV1 = () => shop(COMMITS.v1, [sql(), admin(), cookie(), logs(), health()]);
/** v2: the admin route got its check (threat gone); the rest unchanged. */
export const shopV2 = () => shop(COMMITS.v2, [sql(), cookie(), logs(), health()]);
/** v3: the SQL injection is now only high (behind authentication); the cookie became high. */
export const shopV3 = () => shop(COMMITS.v3, [sql({ severity: 'high' }), cookie({ severity: 'high' }), logs(), health()]);
