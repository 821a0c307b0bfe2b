// Regular expression denial of service: reports tainted `regex` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'regex-dos',
    pack: 'web',
    title: 'Regular expression denial of service',
    description:
      'A regular expression is built from request data, or a pattern with nested quantifiers is run on request data, so a short input can make matching take exponential time and block the event loop.',
    stride: ['D'],
    cwe: ['CWE-1333'],
    capec: ['CAPEC-492'],
    attack: ['T1499.004'],
    owasp: ['API4:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'send input in {{source}} that makes {{api}} backtrack for seconds or minutes',
      threatImpact: 'the service hanging for every user while the event loop is blocked',
      impactedGoal: ['availability'],
      impactedAssets: ['service availability'],
    },
    mitigation: {
      title: 'Escape request data in patterns and avoid nested quantifiers',
      content:
        'Escape request values before putting them in a RegExp (escape-string-regexp, lodash escapeRegExp), rewrite patterns without nested unbounded quantifiers, cap input length, or use a linear-time engine such as re2.',
      controls: { cwe: ['CWE-1333'], asvs: ['V5.1.4'], nist80053: ['SC-5', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, escape {{source}} before building the pattern, or rewrite the pattern without nested quantifiers and limit the input length.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, escape {{source}} with re.escape before building the pattern, limit the input length, or use the re2 module for untrusted patterns.",
        java: "At {{file}}:{{line}}, quote {{source}} with Pattern.quote before compiling it, limit the input length, or use RE2/J for untrusted patterns.",
        csharp: "At {{file}}:{{line}}, escape {{source}} with Regex.Escape and pass a match timeout (new Regex(pattern, options, TimeSpan.FromMilliseconds(100))), or use RegexOptions.NonBacktracking.",
        ruby: "At {{file}}:{{line}}, escape {{source}} with Regexp.escape before building the pattern and set Regexp.timeout (Ruby 3.2 or later).",
        go: "At {{file}}:{{line}}, quote {{source}} with regexp.QuoteMeta; Go's regexp is linear-time, so also cap the input length.",
      },
    },
    references: [
      'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS',
      'https://cwe.mitre.org/data/definitions/1333.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'regex',
      remediation: (f) =>
        f.api === 'RegExp' || f.api.endsWith(' $regex')
          ? `At ${at(f)}, escape ${f.source} before new RegExp (escapeStringRegexp(value)) or match it as plain text with includes().`
          : `At ${at(f)}, rewrite the pattern used by ${f.api} without nested quantifiers such as (a+)+, and cap the length of ${f.source} first.`,
    });
  },
});
