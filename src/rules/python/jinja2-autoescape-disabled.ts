// Jinja2 (or Django templates) rendering HTML without autoescaping.
import { defineRule } from '../types.js';
import { elementsOf, pythonConfigs } from './_python.js';

export const rule = defineRule({
  meta: {
    id: 'jinja2-autoescape-disabled',
    pack: 'python',
    title: 'HTML templates render without autoescaping',
    description: 'The template engine configured at {{file}}:{{line}} ({{what}}) does not escape values. Every variable a template prints is written into the page as HTML, so any user-controlled value becomes script in the browser unless each one is escaped by hand.',
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
      prerequisites: 'who can store or send a value that a template of {{component}} prints',
      threatAction: 'inject script into pages rendered by the unescaped template engine',
      threatImpact: 'session theft or actions performed in the name of the victim',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'page content'],
    },
    mitigation: {
      title: 'Turn autoescaping on for HTML templates',
      content: "Create Jinja2 environments with autoescape=select_autoescape(['html', 'xml']) (or True) and mark trusted markup explicitly with Markup; keep Django's autoescape option at its default.",
      controls: { cwe: ['CWE-79'], asvs: ['V5.3.3'], nist80053: ['SI-10', 'SI-15'] },
      remediation: "At {{file}}:{{line}}, pass autoescape=select_autoescape(['html', 'xml']) to the Environment (or remove autoescape=False).",
    },
    references: ['https://jinja.palletsprojects.com/en/stable/api/#autoescaping', 'https://cwe.mitre.org/data/definitions/79.html'],
  },
  check(ctx) {
    for (const f of pythonConfigs(ctx, 'template-autoescape')) {
      if (f.values.autoescape !== false) continue;
      // An Environment() without the argument is only a finding when it renders HTML templates.
      if (f.values.explicit === false && f.values.htmlTemplates !== true) continue;
      ctx.report({
        key: `${f.evidence.file}#autoescape:${String(f.values.engine)}:${f.summary ?? ''}`,
        evidence: [f.evidence],
        elements: elementsOf(ctx, f.evidence.file),
        data: { what: f.summary ?? String(f.values.engine) },
        confidence: f.values.explicit === true ? 'high' : 'medium',
      });
    }
  },
});
