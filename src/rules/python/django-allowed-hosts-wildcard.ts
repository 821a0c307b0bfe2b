// ALLOWED_HOSTS = ['*']: Django accepts any Host header, which feeds absolute URLs it builds.
import { defineRule } from '../types.js';
import { elementsOf, overriddenInProduction, pythonConfigs } from './_python.js';

export const rule = defineRule({
  meta: {
    id: 'django-allowed-hosts-wildcard',
    pack: 'python',
    title: 'Django accepts any Host header (ALLOWED_HOSTS contains *)',
    description: "The settings at {{file}}:{{line}} allow every host name. Django then trusts the request's Host header when it builds absolute URLs, such as the link in a password-reset e-mail, so a client can make those links point to a server it controls.",
    stride: ['S', 'T'],
    cwe: ['CWE-183', 'CWE-20'],
    capec: ['CAPEC-141'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests with a forged Host header',
      threatAction: 'poison absolute URLs built by {{component}}, such as password-reset links or cached pages',
      threatImpact: 'account takeover through reset links sent to victims, or cache poisoning',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['user accounts', 'password reset tokens'],
    },
    mitigation: {
      title: 'List the host names the site is served under',
      content: 'Set ALLOWED_HOSTS to the real domain names (from the environment), never *.',
      controls: { cwe: ['CWE-183'], asvs: ['V14.5.2'], nist80053: ['SI-10', 'CM-6'] },
      remediation: "At {{file}}:{{line}}, set ALLOWED_HOSTS = os.environ['DJANGO_ALLOWED_HOSTS'].split(',') with the production domain names instead of '*'.",
    },
    references: ['https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts', 'https://docs.djangoproject.com/en/stable/topics/security/#host-headers-virtual-hosting'],
  },
  check(ctx) {
    for (const f of pythonConfigs(ctx, 'allowed-hosts')) {
      if (f.values.wildcard !== true) continue;
      // base.py's `*` is a development default when the production module sets real hosts (or reads them from the environment).
      if (overriddenInProduction(ctx, f, (v) => v.wildcard !== true && v.defaultWildcard !== true)) continue;
      ctx.report({ key: `${f.evidence.file}#allowed-hosts`, evidence: [f.evidence], elements: elementsOf(ctx, f.evidence.file) });
    }
  },
});
