// Flask started with the debugger on: the Werkzeug debugger console runs Python code.
import { defineRule } from '../types.js';
import { elementsOf, pythonConfigs } from './_python.js';

export const rule = defineRule({
  meta: {
    id: 'flask-debug-run',
    pack: 'python',
    title: 'Flask runs with the Werkzeug debugger enabled',
    description: 'Debug mode is switched on at {{file}}:{{line}} ({{source}}). When an error occurs the Werkzeug debugger serves an interactive console that runs arbitrary Python in the server process, protected only by a PIN derived from machine details.',
    stride: ['E', 'I'],
    cwe: ['CWE-489', 'CWE-94'],
    capec: ['CAPEC-121'],
    attack: ['T1190', 'T1059'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can reach {{component}} while it runs with debug mode on and trigger an error',
      threatAction: 'run Python code through the Werkzeug debugger console',
      threatImpact: 'full control of the server process and the secrets it holds',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server host', 'application secrets'],
    },
    mitigation: {
      title: 'Never enable Flask debug mode where the app is reachable',
      content: 'Run under a production WSGI server (gunicorn, uWSGI) and take debug mode from the environment (FLASK_DEBUG) only on developer machines.',
      controls: { cwe: ['CWE-489'], asvs: ['V14.3.2'], nist80053: ['CM-7', 'SI-11'] },
      remediation: "At {{file}}:{{line}}, remove debug=True (use app.run(debug=os.environ.get('FLASK_DEBUG') == '1')) and serve production traffic with gunicorn.",
    },
    references: ['https://flask.palletsprojects.com/en/stable/debugging/', 'https://werkzeug.palletsprojects.com/en/stable/debug/'],
  },
  check(ctx) {
    for (const f of pythonConfigs(ctx, 'debug')) {
      if (f.values.framework !== 'flask' || f.values.enabled !== true) continue;
      ctx.report({
        key: `${f.evidence.file}#flask-debug`,
        evidence: [f.evidence],
        elements: elementsOf(ctx, f.evidence.file),
        data: { source: String(f.values.source ?? 'debug=True') },
        confidence: f.values.mainGuard === true ? 'medium' : 'high',
      });
    }
  },
});
