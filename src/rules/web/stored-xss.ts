// Stored cross-site scripting: data the application stored is rendered as HTML without escaping.
// Three shapes: a server template engine configured with autoescaping off (every view prints stored
// profile fields, comments, names... raw), request data written into a field of a store that a view
// prints raw when it renders records of that store (js/stored-views: the second-order hop, reported
// at the write), and browser code that renders server data through an escaping bypass
// (dangerouslySetInnerHTML, bypassSecurityTrustHtml, v-html, {@html}). Whether the data was user
// input when stored is not known in the last, hence its lower confidence.
import { posix } from 'node:path';
import { API_SOURCE } from '../../extract/js/frontend/origin.js';
import type { ConfigFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

interface RawPrint {
  field: string;
  print: ConfigFact;
  render: ConfigFact;
}

/** Templates a `res.render(view)` names: the path's stem ends with the view name. */
function viewTemplates(view: string, prints: ConfigFact[]): ConfigFact[] {
  const name = view.replace(/^\/+/, '').replace(/\.\w+$/, '');
  return prints.filter((p) => {
    const stem = p.evidence.file.replace(/\.\w+$/, '');
    return stem === name || stem.endsWith(`/${name}`) || stem.endsWith(`/${name}/index`);
  });
}

/**
 * The record field a print names, given what the render passed: `{ ...doc }` puts fields in bare
 * locals, `{ memo: doc.memo }` one field in a local, `{ memos: docs }` records under a local whose
 * members the view prints, `{ output }` after `output = { products }` records one member deeper.
 */
function recordField(render: Record<string, string>, print: Record<string, string>): string {
  if (render.local === '*') return print.field ? '' : print.local;
  if (print.local !== render.local) return '';
  if (render.field) return print.field ? '' : render.field;
  const path = print.field ? print.field.split('.') : [];
  const prefix = render.prefix ? render.prefix.split('.') : [];
  return prefix.every((p, i) => path[i] === p) ? (path[prefix.length] ?? '') : '';
}

/**
 * Per store, the record fields some view prints raw when it renders that store's records: raw
 * syntax, or any output of a curly-brace template under an engine configured without escaping.
 */
function rawPrintedFields(ctx: RuleContext): Map<string, RawPrint[]> {
  const offDirs = configs(ctx, 'template-engine').filter((f) => f.values.autoescape === false).map((f) => posix.dirname(f.evidence.file));
  const unescaped = (file: string) => offDirs.some((d) => d === '.' || file.startsWith(`${d}/`));
  const prints = configs(ctx, 'view-prints-field').filter((p) => p.values.form === 'raw' || (p.values.syntax === 'curly' && unescaped(p.evidence.file)));
  const out = new Map<string, RawPrint[]>();
  for (const render of configs(ctx, 'view-renders-records')) {
    const { view, store } = render.values as Record<string, string>;
    for (const print of viewTemplates(view, prints)) {
      const field = recordField(render.values as Record<string, string>, print.values as Record<string, string>);
      if (!field) continue;
      const list = out.get(store) ?? [];
      list.push({ field, print, render });
      out.set(store, list);
    }
  }
  return out;
}

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
    const printed = rawPrintedFields(ctx);
    for (const w of printed.size ? configs(ctx, 'stored-field-write') : []) {
      const written = new Set(String(w.values.fields).split(','));
      const hits = (printed.get(String(w.values.store)) ?? []).filter((p) => written.has(p.field) || written.has('*'));
      if (!hits.length) continue;
      const fields = [...new Set(hits.map((h) => h.field))].sort();
      const { print, render } = hits[0];
      const helper = hits.map((h) => String(h.print.values.helper)).find(Boolean);
      const at = `${print.evidence.file}:${print.evidence.line}`;
      ctx.report({
        key: factKey(w, `second-order:${fields.join(',')}`),
        evidence: [w.evidence, print.evidence, render.evidence],
        elements: elementsOf(ctx, w),
        data: {
          what: `Request data is stored here (${fields.join(', ')} of ${String(w.values.store)} records) and printed back without escaping by ${at}${helper ? ` through ${helper}, which turns markdown into HTML` : ''}, for whoever views the records.`,
          api: at,
          fix: helper
            ? `sanitise the HTML ${helper} produces from ${fields.join(', ')} (DOMPurify or sanitize-html) before ${at} prints it, or sanitise ${fields.join(', ')} when it is stored.`
            : `print ${fields.join(', ')} with the escaping output form at ${at} (or sanitise it with DOMPurify or sanitize-html before it is stored).`,
        },
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
