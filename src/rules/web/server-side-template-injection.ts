// Server-side template injection from request data: reports tainted `template` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'server-side-template-injection',
    pack: 'web',
    title: 'Server-side template injection from request data',
    description:
      'Request data is compiled as a template (ejs, pug, handlebars, nunjucks, lodash template...), so a client can run template code on the server.',
    stride: ['T', 'I', 'E'],
    cwe: ['CWE-1336', 'CWE-94'],
    capec: ['CAPEC-242'],
    attack: ['T1190', 'T1059.007'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'send template syntax in {{source}} that {{api}} compiles and runs',
      threatImpact: 'running code on the server and reading its secrets',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server process', 'application secrets'],
    },
    mitigation: {
      title: 'Render fixed templates with request data as variables',
      content:
        'Keep template sources in the code base and pass request values only as render data, where the engine escapes them.',
      controls: { cwe: ['CWE-1336'], asvs: ['V5.2.5'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, load a fixed template and pass {{source}} as data: {{api}}(TEMPLATE, { value }).',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, do not compile {{source}} as a template: use render_template with a fixed file (or a fixed template string) and pass the value as a variable.",
        go: "At {{file}}:{{line}}, parse only fixed templates (template.ParseFS at startup) and pass {{source}} as data to Execute.",
        java: "At {{file}}:{{line}}, do not evaluate {{source}} as a template; load a fixed template and pass the value in the model.",
        ruby: "At {{file}}:{{line}}, do not compile {{source}} as a template (render inline:, ERB.new); render a fixed view and pass the value as a local.",
        php: "At {{file}}:{{line}}, do not compile {{source}} as a template (createTemplate); render a fixed Twig or Blade view and pass the value as a variable.",
      },
    },
    references: [
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/18-Testing_for_Server_Side_Template_Injection',
      'https://cwe.mitre.org/data/definitions/1336.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'template',
      remediation: (f) => `At ${at(f)}, do not compile ${f.source}: use a fixed template and pass it as data, e.g. ${f.api}(TEMPLATE, { value }).`,
    });
  },
});
