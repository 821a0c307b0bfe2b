// Stored cross-site scripting: data the application stored is rendered as HTML without escaping.
// Two shapes: a server template engine configured with autoescaping off (every view prints stored
// profile fields, comments, names... raw), and browser code that renders server data through an
// escaping bypass (dangerouslySetInnerHTML, bypassSecurityTrustHtml, v-html, {@html}). Whether the
// data was user input when stored is not known here, hence the lower confidence of the second.
import { API_SOURCE } from '../../extract/js/frontend/origin.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'stored-xss',
    pack: 'web',
    title: 'Stored data rendered as HTML without escaping in {{file}}',
    description:
      '{{what}} Data that users stored earlier (names, comments, profile fields) is then written into pages as markup, so one user can plant script that runs for every user who views it.',
    stride: ['T', 'I', 'S'],
    cwe: ['CWE-79', 'CWE-116'],
    capec: ['CAPEC-592'],
    attack: ['T1189'],
    owasp: ['A03:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'user of the application',
      prerequisites: 'who can store text that other users later see',
      threatAction: 'store markup with script that {{api}} renders unescaped',
      threatImpact: 'script running in the sessions of other users, administrators included',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'user data'],
    },
    mitigation: {
      title: 'Keep output escaping on and sanitise rich text',
      content:
        'Leave the template engine autoescaping on and mark only vetted values as safe; in browser code render server data as text, or pass markup through DOMPurify before an escaping bypass. Sanitise rich text with a maintained sanitiser when it is stored.',
      controls: { cwe: ['CWE-79', 'CWE-116'], asvs: ['V5.3.3', 'V5.2.1'], nist80053: ['SI-10', 'SI-15'] },
      remediation: 'At {{file}}:{{line}}, {{fix}}',
    },
    references: ['https://owasp.org/www-community/attacks/xss/#stored-xss-attacks', 'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'template-engine')) {
      if (f.values.autoescape !== false) continue;
      const engine = String(f.values.engine ?? 'template');
      ctx.report({
        key: factKey(f, 'autoescape'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { what: `The ${engine} engine is configured without HTML escaping, so every view prints its values raw.`, api: `${engine} views`, fix: `turn autoescaping back on for ${engine} and mark only trusted values as safe.` },
      });
    }
    for (const f of ctx.factsOf('sink')) {
      if (f.sink !== 'html' || f.extractor !== 'js/frontend' || f.tainted || !f.source?.startsWith(API_SOURCE)) continue;
      const source = f.source.slice(API_SOURCE.length).replace(/[&<>]/g, '');
      ctx.report({
        key: factKey(f, 'stored-xss'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { what: `Browser code renders data from the server (${source}) through ${f.api}, which skips escaping.`, api: f.api, fix: `render the value as text or sanitise it with DOMPurify.sanitize() before ${f.api}.` },
        confidence: 'low',
      });
    }
  },
});
