import { defineRule, type RuleContext } from '../types.js';
import { configs, elementsOf, factKey, httpRoutes, routeKey, routeLabel, scopeOf } from './_web-routes.js';

/** Server-side session stores, where an id fixed before login survives it unless regenerated. */
const SERVER_SESSIONS = new Set(['express-session', '@fastify/session', 'koa-session']);

export const rule = defineRule({
  meta: {
    id: 'session-fixation-or-insecure-session-config',
    pack: 'web',
    title: 'Insecure session handling in {{file}}',
    description: 'At {{file}}:{{line}} {{problem}}.',
    stride: ['S', 'I'],
    cwe: ['CWE-384', 'CWE-798', 'CWE-1004', 'CWE-614'],
    capec: ['CAPEC-61', 'CAPEC-196', 'CAPEC-31'],
    attack: ['T1539', 'T1606.001', 'T1185'],
    owasp: ['A07:2021', 'A05:2021', 'API2:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: '{{source}}',
      prerequisites: '{{prerequisites}}',
      threatAction: '{{action}}',
      threatImpact: 'a hijacked or forged user session',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user sessions'],
    },
    mitigation: {
      title: 'Harden session management',
      content: 'Load the session secret from a secret store (no literal fallback) and rotate leaked ones; keep session cookies HttpOnly and Secure; regenerate the session id (req.session.regenerate) when a user logs in or changes privilege.',
      controls: { cwe: ['CWE-384', 'CWE-798'], asvs: ['V3.2.1', 'V3.4.1', 'V3.4.2', 'V2.10.4'], nist80053: ['SC-23', 'SC-23(3)', 'IA-5(7)'] },
      remediation: '{{remediation}}',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html', 'https://github.com/expressjs/session#options', 'https://cwe.mitre.org/data/definitions/384.html'],
  },
  check(ctx) {
    const serverScopes = new Set<string>();
    for (const s of configs(ctx, 'session')) {
      const v = s.values;
      if (SERVER_SESSIONS.has(String(v.library))) serverScopes.add(scopeOf(ctx, s.evidence.file));
      const problems: string[] = [];
      const cwe: string[] = [];
      if (v.secretOrigin === 'literal') problems.push('the session secret is a string literal in the code, so anyone with the source can forge signed session cookies');
      else if (v.secretOrigin === 'env-fallback') problems.push('the session secret falls back to a literal when the environment variable is missing, so a misconfigured deployment signs cookies with a public value');
      if (v.secretOrigin === 'literal' || v.secretOrigin === 'env-fallback') cwe.push('CWE-798');
      if (v.httpOnly === false) {
        problems.push('the session cookie is readable by page scripts (httpOnly: false)');
        cwe.push('CWE-1004');
      }
      if (v.secure === false && v.secureExplicit === true) {
        problems.push('the session cookie is sent over plain HTTP (secure: false)');
        cwe.push('CWE-614');
      }
      if (problems.length === 0) continue;
      ctx.report({
        key: factKey(s, 'session-config'),
        cwe,
        evidence: [s.evidence],
        elements: elementsOf(ctx, s),
        data: {
          problem: `the ${String(v.library)} configuration is insecure: ${problems.join('; ')}`,
          source: v.secretOrigin === 'literal' || v.secretOrigin === 'env-fallback' ? 'attacker with access to the source code' : 'attacker who can run script in the page or observe traffic',
          prerequisites: 'who targets users of the application',
          action: v.secretOrigin === 'literal' || v.secretOrigin === 'env-fallback' ? 'forge a signed session cookie for another user' : 'steal a session cookie',
          remediation: `At ${s.evidence.file}:${s.evidence.line} load the secret from the environment without a literal default and set cookie options { httpOnly: true, secure: true, sameSite: 'lax' }.`,
        },
      });
    }
    const sessionWrites = configs(ctx, 'handler-site').filter((f) => f.values.site === 'sets-session');
    for (const r of httpRoutes(ctx)) {
      const tags = r.tags ?? [];
      if (!tags.includes('login') || tags.includes('regenerates-session')) continue;
      // Passport logs in through req.login, which regenerates the session id only from 0.6 on.
      const passport = tags.includes('passport-login') ? passportVersion(ctx, r.evidence.file) : undefined;
      if (tags.includes('passport-login') ? !passport || !before06(passport) : !tags.includes('sets-session')) continue;
      if (!serverScopes.has(scopeOf(ctx, r.evidence.file))) continue;
      // Where the handler stores the user in the session, when the route extractor saw it.
      const write = sessionWrites.find((w) => w.values.routeFile === r.evidence.file && w.values.routeLine === r.evidence.line && (w.values.routePath === undefined || w.values.routePath === r.path));
      ctx.report({
        key: routeKey(r, 'fixation'),
        cwe: ['CWE-384'],
        // The attacker must first plant the session id in the victim's browser (a sibling
        // subdomain, a network position): ids are server-issued and signed, so fixation alone
        // gives one victim's session at best: medium, below a forgeable secret.
        likelihood: 'low',
        impact: 'medium',
        evidence: write ? [r.evidence, write.evidence] : [r.evidence],
        elements: elementsOf(ctx, r),
        data: {
          problem: passport
            ? `the login route ${routeLabel(r)} logs the user in with passport ${passport}, which keeps the existing session id (passport regenerates it at login only from 0.6), so a session id planted before login stays valid after it (session fixation)`
            : `the login route ${routeLabel(r)} stores the user in the existing session without regenerating its id, so a session id planted before login stays valid after it (session fixation)`,
          source: 'attacker who can plant a session cookie in the victim\'s browser',
          prerequisites: 'through a subdomain, a shared computer or a cookie-injection flaw, before the victim logs in',
          action: 'reuse the fixed session id after the victim authenticates',
          remediation: passport
            ? `Upgrade passport to 0.6 or later (its req.login regenerates the session), or regenerate the session in ${routeLabel(r)} before passport stores the user.`
            : `In the handler of ${routeLabel(r)} call req.session.regenerate() and set the user inside its callback.`,
        },
      });
    }
  },
});

/** The passport version the manifest nearest to `file` asks for (`^0.4.0`). */
function passportVersion(ctx: RuleContext, file: string): string | undefined {
  let best: { depth: number; version: string } | undefined;
  for (const d of ctx.factsOf('dependency')) {
    if (d.name !== 'passport' || d.ecosystem !== 'npm') continue;
    const dir = d.manifest.includes('/') ? d.manifest.slice(0, d.manifest.lastIndexOf('/')) : '';
    if (dir && !file.startsWith(`${dir}/`)) continue;
    if (!best || dir.length > best.depth) best = { depth: dir.length, version: d.version };
  }
  return best?.version;
}

/** `^0.4.0`, `~0.5.3`, `0.5.x`: every version the range allows is older than 0.6. */
function before06(range: string): boolean {
  const m = /^[\^~=v\s]*(\d+)\.(\d+)/.exec(range);
  return !!m && Number(m[1]) === 0 && Number(m[2]) < 6;
}
