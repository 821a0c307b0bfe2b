import { defineRule } from '../types.js';
import { elementsOf, key, label, workloads } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-rbac-overprivileged',
    pack: 'k8s',
    title: '{{workload}} mounts a service account token that {{power}}',
    description: '{{workload}} runs as service account {{account}} with its API token mounted, and RBAC binds that account to rules that {{power}} ({{rules}}). Anyone who executes code in the pod can use the token against the Kubernetes API.',
    stride: ['E', 'I'],
    cwe: ['CWE-269', 'CWE-732'],
    capec: ['CAPEC-122'],
    attack: ['T1528', 'T1078.001'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who gains code execution in {{workload}}',
      prerequisites: 'while the pod mounts the token of {{account}}',
      threatAction: 'read the mounted token and call the Kubernetes API with its permissions',
      threatImpact: 'cluster secrets read or workloads created with the account authority',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['Kubernetes secrets', 'cluster control plane'],
    },
    mitigation: {
      title: 'Least-privilege service accounts, tokens only where needed',
      content: 'Give each workload its own service account with namespaced Roles listing exact verbs and resources, never wildcards or cluster-admin, and set automountServiceAccountToken: false on pods that do not call the API.',
      controls: { cwe: ['CWE-269'], asvs: ['V4.1.3'], nist80053: ['AC-6', 'AC-6(10)', 'AC-2'] },
      remediation: 'Replace the binding of {{account}} with a Role limited to the resources the workload reads, and set automountServiceAccountToken: false at {{file}}:{{line}} if it does not call the API at all.',
    },
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/', 'https://attack.mitre.org/techniques/T1528/'],
  },
  check(ctx) {
    for (const w of workloads(ctx)) {
      const a = w.attributes ?? {};
      if (a.tokenMounted !== true || !(a.clusterAdmin === true || a.rbacWildcard === true || a.rbacReadsSecrets === true)) continue;
      const power = a.clusterAdmin === true ? 'is cluster-admin' : a.rbacWildcard === true ? 'grants wildcard permissions' : 'can read Secrets';
      ctx.report({ key: key(w, 'rbac'), evidence: [w.evidence], elements: elementsOf(ctx, w), data: { workload: label(w), account: String(a.serviceAccount ?? 'default'), power, rules: String(a.rbacRules ?? '') } });
    }
  },
});
