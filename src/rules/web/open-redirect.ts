// Open redirect from request data: reports tainted `redirect` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import type { FactKind, FactOf, SinkFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';

/**
 * The redirect target on the sink line starts with a literal local path such as `"/owners/" + id`,
 * `"redirect:/users/" + id`, `f"/posts/{pk}"` or `"Location: /items/" . $id`: one slash, then a
 * fixed path character, so the request data can only change the path, never the host. A literal
 * that is just "/" stays reported ("/" + "/evil.example" is a protocol-relative URL).
 */
const LOCAL_PREFIX = /(?:^|[(,=]|\breturn|\bredirect_to)\s*(?:f|@)?(["'`])(?:redirect:|Location:\s*)?\/[^/\\"'`\s{$#]/i;

function fixedLocalTarget(fact: SinkFact): boolean {
  const m = LOCAL_PREFIX.exec(fact.evidence.snippet ?? '');
  if (!m) return false;
  // Not when the literal is one branch of a choice (`next || '/home'`, `ok ? url : '/x/' + id`).
  const before = (fact.evidence.snippet ?? '').slice(0, m.index);
  return !/\|\||\?|\bor\b|\belse\b/.test(before);
}

/** The context with sink facts whose target host is fixed left out. */
function withoutLocalTargets(ctx: RuleContext): RuleContext {
  const factsOf = <K extends FactKind>(kind: K): readonly FactOf<K>[] =>
    kind === 'sink' ? (ctx.factsOf(kind).filter((f) => !(f as SinkFact).tainted || !fixedLocalTarget(f as SinkFact)) as readonly FactOf<K>[]) : ctx.factsOf(kind);
  return { ...ctx, factsOf };
}

export const rule = defineRule({
  meta: {
    id: 'open-redirect',
    pack: 'web',
    title: 'Open redirect from request data',
    description:
      'A redirect target (redirect call or Location header) comes from request data without restricting it to local paths or allowed hosts, so links on the trusted domain can send users to a phishing site.',
    stride: ['S'],
    cwe: ['CWE-601'],
    capec: ['CAPEC-98'],
    attack: ['T1566.002'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'craft a link whose {{source}} makes {{api}} send users to a site they control',
      threatImpact: 'phishing and theft of credentials or tokens under the trusted domain name',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user credentials', 'user sessions'],
    },
    mitigation: {
      title: 'Redirect only to local paths or allow-listed URLs',
      content:
        'Accept only relative paths that start with a single slash, or map a key to a fixed list of destinations; never redirect to a full URL taken from the request.',
      controls: { cwe: ['CWE-601'], asvs: ['V5.1.5'], nist80053: ['SI-10'] },
      remediation: "At {{file}}:{{line}}, redirect only if {{source}} is in an allow-list or a local path (starts with '/' but not '//').",
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, redirect only to allow-listed or local targets: check django.utils.http.url_has_allowed_host_and_scheme (or that urlsplit(target).netloc is empty) before {{api}}.",
        go: "At {{file}}:{{line}}, parse the target with url.Parse and redirect only if its host is allow-listed or it is a local path (one leading slash) before {{api}}.",
        java: "At {{file}}:{{line}}, redirect only to allow-listed targets or local paths (one leading slash, not two) before {{api}}; otherwise redirect to a default page.",
        csharp: "At {{file}}:{{line}}, use LocalRedirect, or check Url.IsLocalUrl(target) before {{api}}.",
        ruby: "At {{file}}:{{line}}, redirect only to local paths or allow-listed hosts; keep allow_other_host false (the Rails 7 default) and fall back to a fixed page.",
        php: "At {{file}}:{{line}}, check parse_url($target, PHP_URL_HOST) against an allow-list, or accept only local paths, before {{api}}.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/601.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(withoutLocalTargets(ctx), {
      kind: 'redirect',
      remediation: (f) => `At ${at(f)}, check ${f.source} before ${f.api}: allow it only if ALLOWED.includes(target) or it starts with '/' and not '//'; otherwise redirect to a default page.`,
    });
  },
});
