// Stored XSS through link targets: a URL the application accepts without pinning its scheme to
// http(s), printed whole into an href/src/action of a server template or sent as an htmx navigation
// header. HTML escaping leaves `javascript:alert(document.cookie)` intact, so whoever clicks the
// link (or is redirected by htmx) runs the attacker's script in the app's origin. Accepts and
// outputs are joined by field name (a stored record keeps the request field's name); any scheme
// check on that field anywhere in the component clears it.
import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, scopeOf } from './_web-routes.js';

const MAX_OUTPUTS = 3;
const at = (f: ConfigFact) => `${f.evidence.file}:${f.evidence.line}`;
const byPlace = (a: ConfigFact, b: ConfigFact) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line;
/** A view other users (administrators) see: an `admin` folder or file name. */
const ADMIN_VIEW = /(^|\/)admin[\w-]*(\/|\.)/i;

export const rule = defineRule({
  meta: {
    id: 'javascript-url-xss',
    pack: 'web',
    title: 'Link field {{field}} is stored and rendered without a javascript: URL check',
    description:
      'The request field {{field}} is accepted at {{file}}:{{line}} {{validation}}, and {{sinks}}. HTML escaping does not change a javascript: URL, so a value like javascript:fetch(...) runs script in the application origin for whoever follows the link{{audience}}.',
    stride: ['T', 'I', 'S'],
    cwe: ['CWE-79', 'CWE-84'],
    capec: ['CAPEC-592'],
    attack: ['T1189'],
    owasp: ['A03:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'user of the application',
      prerequisites: 'who can store a link that other users open',
      threatAction: 'store a javascript: URL as {{field}} that a view prints into a link or a navigation header',
      threatImpact: 'script running in the sessions of the users who follow the link, administrators included',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'user data'],
    },
    mitigation: {
      title: 'Allow only http and https link targets',
      content:
        'Parse the URL when it is accepted and keep it only when its protocol is http: or https: (validator isURL with protocols, new URL(value).protocol, an anchored ^https?:// pattern); render links from the checked value, and reject stored values that fail the same check before printing them.',
      controls: { cwe: ['CWE-79', 'CWE-84'], asvs: ['V5.1.5', 'V5.3.3'], nist80053: ['SI-10', 'SI-15'] },
      remediation: 'At {{file}}:{{line}}, accept {{field}} only when new URL(value).protocol is http: or https: (for express-validator: .isURL({ protocols: [\'http\', \'https\'], require_protocol: true })).',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/84.html', 'https://htmx.org/reference/#response_headers'],
  },
  check(ctx) {
    const outputs = [...configs(ctx, 'url-attribute-output'), ...configs(ctx, 'url-header-output')];
    if (outputs.length === 0) return;
    const accepts = configs(ctx, 'url-field-accept');
    // Accepted and printed values meet by field name within one component.
    const groups = new Map<string, { accepts: ConfigFact[]; outputs: ConfigFact[] }>();
    const keyOf = (f: ConfigFact) => `${scopeOf(ctx, f.evidence.file)}|${String(f.values.field)}`;
    for (const f of outputs) {
      const key = keyOf(f);
      const g = groups.get(key) ?? { accepts: [], outputs: [] };
      g.outputs.push(f);
      groups.set(key, g);
    }
    for (const f of accepts) groups.get(keyOf(f))?.accepts.push(f);
    for (const [key, g] of groups) {
      if (g.outputs.length === 0 || g.accepts.length === 0) continue;
      if (g.accepts.some((a) => a.values.scheme === 'restricted')) continue;
      const stored = g.accepts.some((a) => a.values.stored === true);
      const explicit = g.accepts.filter((a) => a.values.scheme === 'open');
      // Without a store seen, only a validation that admits other schemes on purpose is reported.
      if (!stored && explicit.length === 0) continue;
      const accept = [...(explicit.length > 0 ? explicit : g.accepts)].sort(byPlace)[0];
      const shown = [...g.outputs].sort(byPlace);
      const headers = shown.filter((o) => o.setting === 'url-header-output');
      const others = headers.length > 0 || shown.some((o) => ADMIN_VIEW.test(o.evidence.file));
      const field = String(g.outputs[0].values.field);
      const sinks = shown.slice(0, MAX_OUTPUTS).map((o) => (o.setting === 'url-header-output' ? `sent as the ${String(o.values.header)} header at ${at(o)}` : `printed into ${String(o.values.element)} ${String(o.values.attribute)} at ${at(o)}`));
      ctx.report({
        key: `javascript-url:${key}`,
        evidence: [accept.evidence, ...shown.slice(0, MAX_OUTPUTS).map((o) => o.evidence)],
        elements: elementsOf(ctx, accept),
        data: {
          field,
          validation: accept.values.scheme === 'open' ? 'by a check that lets schemes other than http(s) through' : 'without a check of its scheme',
          sinks: `${stored ? 'stored, then ' : ''}${sinks.join(', ')}${shown.length > MAX_OUTPUTS ? ` and ${shown.length - MAX_OUTPUTS} more` : ''}`,
          audience: others ? ', other users and administrators included' : '',
        },
        // Stored and shown to others (an admin view, a link anyone opens) is the high case; a link
        // only its author sees needs the victim to be lured to it.
        likelihood: stored && others ? 'medium' : 'low',
      });
    }
  },
});
