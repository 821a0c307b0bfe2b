// LDAP search filter built from request data: reports tainted `ldap` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'ldap-injection',
    pack: 'web',
    title: 'LDAP search filter built from request data',
    description:
      'Request data is put unescaped into an LDAP search filter, so a client can add wildcards and filter clauses of its own (`*`, `)(objectClass=*)`): it enumerates directory entries and attributes, or makes a login lookup match an account it does not know the name of.',
    stride: ['S', 'I', 'E'],
    cwe: ['CWE-90'],
    capec: ['CAPEC-136'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'inject filter clauses and wildcards through {{source}} into the search made by {{api}}',
      threatImpact: 'directory enumeration and authentication bypass in lookups that decide a login',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['directory entries', 'user accounts'],
    },
    mitigation: {
      title: 'Escape values put into LDAP filters',
      content:
        'Escape every request value put into a filter (RFC 4515: `*`, `(`, `)`, `\\`, NUL), for example with ldap-escape\'s filter tag or by building the filter from ldapjs/ldapts filter objects (EqualityFilter) instead of text.',
      controls: { cwe: ['CWE-90'], asvs: ['V5.3.7'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, escape {{source}} for an LDAP filter (ldap-escape filter tag, or an EqualityFilter object) before {{api}}.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/90.html'],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'ldap',
      remediation: (f) => `At ${at(f)}, escape ${f.source} for an LDAP filter (ldap-escape's filter tag, or a filter object such as EqualityFilter) before ${f.api}.`,
    });
  },
});
