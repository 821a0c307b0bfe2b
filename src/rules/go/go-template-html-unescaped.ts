// template.HTML(x) with a non-constant x: html/template prints it without escaping.
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'go-template-html-unescaped',
    pack: 'go',
    title: 'Value marked as safe HTML with {{api}}',
    description: 'At {{file}}:{{line}} the value {{value}} is converted to {{api}}, which html/template writes into the page without escaping. If any part of it comes from users or stored content, it runs as script in the browser.',
    stride: ['T', 'I'],
    cwe: ['CWE-79', 'CWE-116'],
    capec: ['CAPEC-63'],
    attack: ['T1189'],
    owasp: ['A03:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who controls part of the value converted with {{api}}',
      threatAction: 'inject script into pages rendered by {{component}}',
      threatImpact: 'session theft or actions performed in the name of the victim',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'page content'],
    },
    mitigation: {
      title: 'Let html/template escape values',
      content: 'Pass plain strings to templates; convert to template.HTML only constant markup or the output of an HTML sanitiser (bluemonday) configured for the context.',
      controls: { cwe: ['CWE-79'], asvs: ['V5.3.3'], nist80053: ['SI-10', 'SI-15'] },
      remediation: 'At {{file}}:{{line}}, pass {{value}} as a string (no {{api}} conversion), or sanitise it first with bluemonday.UGCPolicy().Sanitize.',
    },
    references: ['https://pkg.go.dev/html/template#HTML', 'https://cwe.mitre.org/data/definitions/79.html'],
  },
  check(ctx) {
    // A tainted conversion is already reflected-xss at the same line.
    const tainted = new Set(ctx.factsOf('sink').filter((s) => s.tainted && s.sink === 'html').map((s) => `${s.evidence.file}:${s.evidence.line}`));
    for (const f of ctx.factsOf('config')) {
      if (f.setting !== 'go-template-unescaped' || f.extractor !== 'go/sinks') continue;
      if (tainted.has(`${f.evidence.file}:${f.evidence.line}`)) continue;
      const c = ctx.componentOf(f.evidence.file);
      ctx.report({ key: f.key ?? `${f.evidence.file}#template-html`, evidence: [f.evidence], elements: c ? [c.id] : undefined, data: { api: String(f.values.api), value: String(f.values.value) } });
    }
  },
});
