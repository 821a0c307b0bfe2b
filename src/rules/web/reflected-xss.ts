// Reflected cross-site scripting: reports tainted `html` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'reflected-xss',
    pack: 'web',
    title: 'Reflected cross-site scripting',
    description:
      'Request data is written into an HTML response (res.send, res.write, ctx.body, an HTML Response) without HTML encoding, so a link can run script in the victim browser under the application origin.',
    stride: ['S', 'T', 'I'],
    cwe: ['CWE-79'],
    capec: ['CAPEC-591'],
    attack: ['T1189'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'craft a link whose {{source}} is returned unencoded by {{api}} and runs script in the browser of whoever opens it',
      threatImpact: 'session hijacking and actions performed as the victim',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'user data'],
    },
    mitigation: {
      title: 'Encode request data for HTML or render it through a template',
      content:
        'Render HTML through a template engine that escapes by default, encode values with an HTML encoder (escape-html, he) at the point of output, or return JSON (res.json) instead of markup.',
      controls: { cwe: ['CWE-79'], asvs: ['V5.3.3'], nist80053: ['SI-10', 'SI-15'] },
      remediation: 'At {{file}}:{{line}}, HTML-encode {{source}} (escapeHtml(value)) or render it through an escaping template instead of building markup with {{api}}.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, render {{source}} through an autoescaping template (render_template, Django templates) or escape it with markupsafe.escape / django.utils.html.escape; never wrap it in Markup or mark_safe.",
        go: "At {{file}}:{{line}}, render {{source}} with html/template, which escapes it, instead of writing markup with {{api}}; never convert it to template.HTML.",
        java: "At {{file}}:{{line}}, render {{source}} through an escaping template (Thymeleaf th:text) or encode it with Encode.forHtml / HtmlUtils.htmlEscape before writing it.",
        csharp: "At {{file}}:{{line}}, let Razor encode {{source}} (@value) instead of Html.Raw, or encode it with HtmlEncoder.Default.Encode before writing it.",
        ruby: "At {{file}}:{{line}}, let the view escape {{source}} (the default ERB output) instead of raw or html_safe, or clean it with sanitize / ERB::Util.html_escape first.",
        php: "At {{file}}:{{line}}, encode {{source}} with htmlspecialchars($value, ENT_QUOTES, 'UTF-8') before echo, or print it with Blade's escaping double-brace output.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/79.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'html',
      remediation: (f) => `At ${at(f)}, encode ${f.source} with escapeHtml() before ${f.api}, render it through an escaping template, or send JSON with res.json().`,
    });
  },
});
