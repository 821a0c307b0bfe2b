// Server-side request forgery from request data: reports tainted `ssrf` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { fileNoExt } from '../../extract/js/_lib/routes.js';
import { defineRule, type RuleContext } from '../types.js';
import { clientRuntime } from './_client-code.js';
import { resolveScopeFile } from './_record-ownership.js';
import { findingText, isSelfPage, reflectingPages, reflectorOf, renderedRemediation } from './_ssrf-rendered.js';
import { configs } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'ssrf',
    pack: 'web',
    title: 'Server-side request forgery {{via}}',
    description:
      '{{what}}, so a client can make the server call internal services or cloud metadata endpoints.',
    stride: ['S', 'I', 'E'],
    cwe: ['CWE-918'],
    capec: ['CAPEC-664'],
    attack: ['T1190', 'T1552.005'],
    owasp: ['A10:2021', 'API7:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: '{{action}} by controlling {{source}}',
      threatImpact: 'reaching internal services and cloud credentials behind the network boundary',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['internal services', 'cloud credentials'],
    },
    mitigation: {
      title: 'Allow-list outbound destinations',
      content:
        'Build outbound URLs from a fixed base and put request values only in the path or query (encoded), or check the parsed host against an allow-list and block private and link-local addresses after DNS resolution.',
      controls: { cwe: ['CWE-918'], asvs: ['V5.2.6'], nist80053: ['SC-7', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, build the URL from a fixed base and check new URL(url).hostname against an allow-list before calling {{api}}.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, do not let {{source}} choose the host: build the URL from a fixed base, or check urllib.parse.urlsplit(url).hostname against an allow-list (and refuse private addresses) before {{api}}.",
        go: "At {{file}}:{{line}}, do not let {{source}} choose the host: parse it with url.Parse, check u.Hostname() against an allow-list and use a client whose dialer refuses private addresses before {{api}}.",
        java: "At {{file}}:{{line}}, do not let {{source}} choose the host: build the URI from a fixed base (UriComponentsBuilder.fromUriString(BASE).path(...)) or check URI.create(url).getHost() against an allow-list before {{api}}.",
        csharp: "At {{file}}:{{line}}, do not let {{source}} choose the host: set HttpClient.BaseAddress and pass a relative path, or check new Uri(url).Host against an allow-list before {{api}}.",
        ruby: "At {{file}}:{{line}}, do not let {{source}} choose the host: check URI.parse(url).host against an allow-list (and refuse private addresses) before {{api}}.",
        php: "At {{file}}:{{line}}, do not let {{source}} choose the host: check parse_url($url, PHP_URL_HOST) against an allow-list and allow only https before {{api}}.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/918.html',
    ],
  },
  check(ctx) {
    const guarded = guardedCalls(ctx);
    const pages = reflectingPages(ctx);
    reportTaintSinks(ctx, {
      kind: 'ssrf',
      data: (f) => findingText(f, pages),
      // A front end or a CLI sends the request its own user asked for, from the user's machine:
      // no server trust boundary is crossed (unless the sink sits in a served route's handler).
      // A page of this server rendered by a headless browser matters where it prints the data raw.
      skip: (f) => (!f.route && clientRuntime(ctx, f.evidence.file) !== undefined) || guarded.has(`${f.evidence.file}:${f.evidence.line}`) || (isSelfPage(f) && !reflectorOf(f, pages)),
      // Blind: the response is awaited and dropped (`await fetch(url, ...)` as a statement), so the
      // caller reaches internal hosts but reads nothing back.
      impact: (f) => (BLIND_CALL.test(f.evidence.snippet ?? '') ? 'medium' : undefined),
      remediation: (f) =>
        renderedRemediation(f, pages) ??
        `At ${at(f)}, do not let ${f.source} choose the host: use a fixed base URL (new URL(path, BASE)) or check new URL(url).hostname against an allow-list before ${f.api}.`,
    });
  },
});

/** A request statement whose result nobody keeps: `await fetch(url, {`, `void axios.post(url)`. */
const BLIND_CALL = /^\s*(?:await\s+|void\s+)?[\w$.]+\s*\(/;

/**
 * Calls (`file:line`) that cannot reach internal hosts (js/ssrf-guards): their agent refuses private
 * addresses at connect time (defined in the same file, or exported by the file the import names),
 * or they follow redirects by hand, checking each hop.
 */
function guardedCalls(ctx: RuleContext): Set<string> {
  const agents = new Map<string, Set<string>>();
  for (const f of configs(ctx, 'ssrf-safe-agent')) {
    const file = fileNoExt(f.evidence.file);
    agents.set(file, (agents.get(file) ?? new Set()).add(String(f.values.name)));
  }
  const out = new Set<string>();
  for (const f of configs(ctx, 'ssrf-guarded-call')) {
    const { agent, module, local, redirects } = f.values;
    let safe = redirects === 'revalidated' || local === true;
    if (!safe && typeof module === 'string' && module && typeof agent === 'string') {
      const file = resolveScopeFile(f.evidence.file, module, agents.keys());
      safe = !!file && agents.get(file)!.has(agent);
    }
    if (safe) out.add(`${f.evidence.file}:${f.evidence.line}`);
  }
  return out;
}
