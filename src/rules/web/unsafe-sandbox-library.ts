// JavaScript sandbox libraries with escapes that will never be fixed, used by the application's code:
// vm2 (discontinued in 2023, every release up to 3.9.19 has public escapes to the host process,
// CVE-2023-37466 and CVE-2023-37903) and safe-eval (a thin node `vm` wrapper, CVE-2017-16088 and
// CVE-2022-25904). Whatever code reaches them runs as the server. One finding per component and
// library, at the code that imports it.
import { isTestFile } from '../../extract/js/_lib/parse.js';
import type { ImportFact } from '../../model/types.js';
import { defineRule } from '../types.js';

const LIBRARIES: Record<string, string> = {
  vm2: 'vm2 is discontinued and every release (up to 3.9.19) has public sandbox escapes (CVE-2023-37466, CVE-2023-37903)',
  'safe-eval': 'safe-eval runs code in a node vm context, which is no security boundary, and has public escapes (CVE-2017-16088, CVE-2022-25904)',
};

export const rule = defineRule({
  meta: {
    id: 'unsafe-sandbox-library',
    pack: 'web',
    title: 'Code sandboxed with {{library}}, which has unfixed escapes',
    description: 'The code at {{file}}:{{line}} runs code in a {{library}} sandbox. {{why}}: code run in it can reach the host process, so the sandbox protects nothing.',
    stride: ['E', 'T'],
    cwe: ['CWE-1104', 'CWE-94'],
    capec: ['CAPEC-242'],
    attack: ['T1190', 'T1059.007'],
    owasp: ['A06:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who can get code or expressions evaluated in the sandbox',
      prerequisites: 'who can supply code that the application runs in {{library}}',
      threatAction: 'escape the {{library}} sandbox with a published exploit',
      threatImpact: 'code execution in the server process with its privileges and secrets',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server process', 'application secrets'],
    },
    mitigation: {
      title: 'Replace the sandbox library',
      content: 'Do not run untrusted code in-process. Use isolated-vm (a separate V8 isolate) or a separate process or container with no secrets and no network, and treat node `vm` as no boundary.',
      controls: { cwe: ['CWE-1104'], asvs: ['V14.2.1', 'V14.2.3'], nist80053: ['SI-2', 'SC-39'] },
      remediation: 'Replace {{library}} at {{file}}:{{line}} with isolated-vm or an out-of-process sandbox, and remove it from the dependencies.',
    },
    references: ['https://github.com/patriksimek/vm2/security/advisories/GHSA-cchq-frgv-rjh5', 'https://github.com/advisories/GHSA-g644-9gfx-q4q4', 'https://github.com/advisories/GHSA-9pcf-h8q9-63f6'],
  },
  check(ctx) {
    // Request data reaching the sandbox (a code-eval sink through the library): the escape is one request away.
    const reached = new Set(ctx.factsOf('sink').filter((s) => s.sink === 'code-eval' && s.tainted).map((s) => s.api.split('.')[0]));
    const seen = new Set<string>();
    const imports = ctx.factsOf('import').filter((f: ImportFact) => LIBRARIES[f.module] !== undefined && !isTestFile(f.evidence.file));
    imports.sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    for (const f of imports) {
      const component = ctx.componentOf(f.evidence.file);
      const key = `${component?.id ?? ''}#${f.module}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const manifest = ctx.factsOf('dependency').find((d) => d.name === f.module && d.ecosystem === 'npm');
      ctx.report({
        key: `unsafe-sandbox-library#${key}`,
        evidence: [f.evidence, ...(manifest ? [manifest.evidence] : [])],
        elements: component ? [component.id] : undefined,
        data: { library: manifest ? `${f.module} ${manifest.version}` : f.module, why: LIBRARIES[f.module] },
        ...(reached.has(f.module) ? { likelihood: 'high' as const } : {}),
      });
    }
  },
});
