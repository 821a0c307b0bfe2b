// Django settings with DEBUG = True: error pages show settings, SQL and stack traces to anyone.
import { defineRule } from '../types.js';
import { elementsOf, pythonConfigs } from './_python.js';

export const rule = defineRule({
  meta: {
    id: 'django-debug-enabled',
    pack: 'python',
    title: 'Django runs with DEBUG = True',
    description: 'The Django settings module at {{file}}:{{line}} sets DEBUG = True. Every error then renders a page with the settings, the SQL queries and local variables of the stack, and static and media files are served by Django itself.',
    stride: ['I'],
    cwe: ['CWE-489', 'CWE-215'],
    capec: ['CAPEC-121'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can make the application raise an error, for example by requesting a missing page',
      threatAction: 'read the Django debug page of {{component}}',
      threatImpact: 'disclosure of settings, database queries, source paths and request data that guide further attacks',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['application configuration', 'request data'],
    },
    mitigation: {
      title: 'Turn DEBUG off outside development',
      content: 'Read DEBUG from the environment with a default of False, and keep a separate settings module for local development.',
      controls: { cwe: ['CWE-489'], asvs: ['V14.3.2'], nist80053: ['CM-7', 'SI-11'] },
      remediation: "At {{file}}:{{line}}, replace DEBUG = True with DEBUG = os.environ.get('DJANGO_DEBUG') == '1' so production runs with DEBUG off.",
    },
    references: ['https://docs.djangoproject.com/en/stable/ref/settings/#debug', 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/'],
  },
  check(ctx) {
    for (const f of pythonConfigs(ctx, 'debug')) {
      if (f.values.framework !== 'django' || f.values.enabled !== true) continue;
      ctx.report({ key: `${f.evidence.file}#django-debug`, evidence: [f.evidence], elements: elementsOf(ctx, f.evidence.file) });
    }
  },
});
