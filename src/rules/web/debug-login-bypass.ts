import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'debug-login-bypass',
    pack: 'web',
    title: 'Debug switch logs the client in as any user in {{file}}',
    description:
      'At {{file}}:{{line}} the request identity ({{identity}}) is taken from {{source}} whenever {{switch}} is on: a mock-user aid for local development that lets any client pick the user it is, administrators included. {{state}}',
    stride: ['S', 'E'],
    cwe: ['CWE-489', 'CWE-288', 'CWE-565'],
    capec: ['CAPEC-115', 'CAPEC-226'],
    attack: ['T1078', 'T1606.001'],
    owasp: ['A07:2021', 'A05:2021'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'when the debug switch is on in the deployment',
      threatAction: 'send a request whose cookie, header or parameter names the user to log in as',
      threatImpact: 'login as any user, administrators included, without credentials',
      impactedGoal: ['authenticity', 'confidentiality', 'integrity'],
      impactedAssets: ['user accounts', 'administrative functions'],
    },
    mitigation: {
      title: 'Remove debug logins from production code',
      content: 'Take mock-user and impersonation shortcuts out of the authentication path, or compile them only into development builds; never let a configuration switch that deployments may leave on (a shipped `debug: true`) decide whether the client chooses its own identity.',
      controls: { cwe: ['CWE-489', 'CWE-288'], asvs: ['V14.3.2', 'V2.1.1'], nist80053: ['CM-7', 'IA-2', 'SA-11'] },
      remediation: 'Delete the branch at {{file}}:{{line}} (or guard it with a check that cannot be true in production, such as a build flag) and ship a default configuration with debug off.',
    },
    references: ['https://cwe.mitre.org/data/definitions/489.html', 'https://cwe.mitre.org/data/definitions/288.html'],
  },
  check(ctx) {
    const defaults = configs(ctx, 'shipped-default').filter((d) => d.values.kind === 'flag');
    for (const f of configs(ctx, 'debug-identity')) {
      const v = f.values;
      const shipped: ConfigFact | undefined = typeof v.switchModule === 'string' ? defaults.find((d) => d.values.module === v.switchModule && d.values.path === v.switchPath) : undefined;
      // On in the configuration the repository ships: every deployment that keeps it is open.
      const on = shipped?.values.value === true;
      ctx.report({
        key: factKey(f, 'debug-login'),
        evidence: shipped ? [f.evidence, shipped.evidence] : [f.evidence],
        elements: elementsOf(ctx, f),
        likelihood: on ? 'high' : 'low',
        data: {
          identity: String(v.identity),
          source: String(v.source),
          switch: String(v.switch),
          state: on
            ? `The shipped default configuration ${shipped.evidence.file}:${shipped.evidence.line} turns it on, so every deployment that keeps the default is open.`
            : shipped
              ? `The shipped default configuration ${shipped.evidence.file}:${shipped.evidence.line} turns it off; a deployment that turns it on to troubleshoot is open.`
              : 'Whether deployments turn it on is set outside the code.',
        },
      });
    }
  },
});
