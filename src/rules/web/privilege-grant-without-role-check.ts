// A credential or membership created with a privilege level the caller chooses (`type: 'root'`),
// by any signed-in user, in a code base that reserves other actions to a role: the caller mints
// themselves more power than they hold (openpanel `client.create` beside an `org:admin` check).
import type { EntryPoint } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'privilege-grant-without-role-check',
    pack: 'web',
    title: 'Caller-chosen {{field}} {{levels}} granted without a role check{{where}}',
    description: 'At {{file}}:{{line}} a record is created with its {{field}} taken from the request, and the request schema offers {{levels}}; the function refuses nothing and compares no role, while other code of the application does check a role ({{gate}}). Any signed-in user can create an API key, client or membership with more privilege than they hold.',
    stride: ['E'],
    cwe: ['CWE-269', 'CWE-863'],
    capec: ['CAPEC-122'],
    attack: ['T1098', 'T1078'],
    owasp: ['API5:2023', 'A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'authenticated user without an administrator role',
      prerequisites: 'with any account that may call {{route}}',
      threatAction: 'create a credential or membership with {{field}} {{levels}}',
      threatImpact: 'privilege escalation beyond the caller\'s own role',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['API credentials and roles'],
    },
    mitigation: {
      title: 'Check the caller\'s role before granting a privilege level',
      content: 'Only let callers grant a level they hold themselves: check their role (the same check the other administrative actions use) before creating a credential or membership whose level they chose, or restrict the selectable values for non-administrators.',
      controls: { cwe: ['CWE-269'], asvs: ['V4.1.3', 'V4.2.1'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'Before the write at {{file}}:{{line}}, load the caller\'s role and refuse (403) unless it is an administrator whenever {{field}} is {{levels}}, as {{gate}} does.',
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/', 'https://cwe.mitre.org/data/definitions/269.html'],
  },
  check(ctx) {
    // Server code's role checks (a component hiding a button guards nothing).
    const gates = configs(ctx, 'role-gate').filter((f) => !/\.(tsx|jsx|vue|svelte)$/.test(f.evidence.file));
    if (gates.length === 0) return;
    for (const g of configs(ctx, 'privilege-grant')) {
      // The role check closest to the grant in the tree, to cite.
      const near = gates.reduce((a, b) => (common(b.evidence.file, g.evidence.file) > common(a.evidence.file, g.evidence.file) ? b : a));
      const gate = `${near.evidence.file}:${near.evidence.line}`;
      const ep = enclosingRoute(ctx.system.entryPoints, g.evidence.file, g.evidence.line);
      // Reported where a signed-in user reaches it: an administrator granting levels is the design.
      if (!ep || ep.auth !== 'user' || ep.exposure === 'none') continue;
      ctx.report({
        key: `${g.key ?? g.evidence.file}#grant`,
        evidence: [g.evidence, ...ep.evidence.slice(0, 1)],
        elements: [ep.id, ep.component],
        data: { field: String(g.values.field), levels: String(g.values.levels).split(',').map((l) => `'${l}'`).join(' or '), gate, route: `${ep.method ?? ''} ${ep.path ?? ''}`.trim(), where: ` in ${`${ep.method ?? ''} ${ep.path ?? ''}`.trim()}` },
      });
    }
  },
});

/** Length of the common leading path of two files. */
function common(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** The entry point whose handler starts closest above a line of its file. */
function enclosingRoute(eps: readonly EntryPoint[], file: string, line: number): EntryPoint | undefined {
  let best: EntryPoint | undefined;
  for (const ep of eps) {
    if (ep.handler?.file !== file || ep.handler.line > line) continue;
    if (!best || ep.handler.line > (best.handler?.line ?? 0)) best = ep;
  }
  return best;
}
