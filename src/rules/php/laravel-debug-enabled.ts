// APP_DEBUG=true in a committed environment file of a non-development environment.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'laravel-debug-enabled',
    pack: 'php',
    title: 'Laravel debug mode enabled in a committed .env',
    description:
      'APP_DEBUG=true makes Laravel render detailed error pages (Ignition) with stack traces, environment variables and configuration values; a committed .env that enables it outside local development ships that behaviour.',
    stride: ['I'],
    cwe: ['CWE-489', 'CWE-209'],
    capec: ['CAPEC-54'],
    attack: ['T1592', 'T1190'],
    owasp: ['A05:2021'],
    likelihood: 'high',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can trigger an error in {{component}}',
      threatAction: 'read the debug error page enabled by {{file}}:{{line}}',
      threatImpact: 'disclosure of secrets, database credentials and code structure',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['secrets', 'configuration'],
    },
    mitigation: {
      title: 'Disable debug mode and keep .env out of the repository',
      content: 'Set APP_DEBUG=false for every deployed environment, remove .env from version control (commit .env.example instead) and provide settings through the deployment environment.',
      controls: { cwe: ['CWE-489'], asvs: ['V14.3.2'], nist80053: ['CM-7', 'SI-11'] },
      remediation: 'At {{file}}:{{line}}, set APP_DEBUG=false, add .env to .gitignore and rotate any secret the file contains.',
    },
    references: ['https://laravel.com/docs/configuration#debug-mode', 'https://cwe.mitre.org/data/definitions/489.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'debug')) {
      if (f.values.library !== 'laravel' || f.values.enabled !== true || f.values.devOnly === true) continue;
      ctx.report({ key: factKey(f, 'debug'), evidence: [f.evidence], elements: elementsOf(ctx, f) });
    }
  },
});
