import type { SecretFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { buildStageSecret, containerDeployments, contextCap, deploymentAround, deploymentContext, elementsOf, isContainerFact, isDevelopmentOnly, lessLikely, workloadLabel } from './_shared.js';

/** The variable name the extractors put last in a secret's key (`file#secret:ENV:NAME`). */
function variableOf(key: string | undefined): string {
  return key?.slice(key.lastIndexOf(':') + 1) ?? 'a variable';
}

/**
 * A database password of a Compose file whose data stores publish no port to the host (`expose:`
 * or nothing): only containers on the file's network can log in with it, so it is less likely to be
 * used than one whose store listens on the host.
 */
function storesUnpublished(ctx: RuleContext, secret: SecretFact): boolean {
  if (secret.usage !== 'database' || secret.extractor !== 'iac/compose') return false;
  const stores = containerDeployments(ctx).filter((d) => d.platform === 'compose' && d.evidence.file === secret.evidence.file && typeof d.attributes?.datastore === 'string');
  return stores.length > 0 && stores.every((d) => d.exposure !== 'internet');
}

/** Where else the literal ends up, by the file it was written in. */
const EXPOSURE: Record<string, string> = {
  'iac/dockerfile':
    'it is baked into the image layers and history (docker history, docker inspect), where it stays even after the line is deleted',
  'iac/compose': 'it is shown to anyone who can run docker inspect on the container or read its process environment',
};

export const rule = defineRule({
  meta: {
    id: 'container-secret-in-env',
    pack: 'container',
    title: 'Hard-coded {{secretType}} in {{variable}}',
    description:
      '{{file}} sets {{variable}} to a literal {{secretType}} ({{redacted}}). It is readable by everyone with access to the repository, and {{exposure}}.',
    stride: ['I'],
    cwe: ['CWE-798', 'CWE-526'],
    capec: ['CAPEC-191', 'CAPEC-37'],
    attack: ['T1552.001', 'T1552.007'],
    owasp: ['A07:2021', 'A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'insider or attacker with read access to the repository, the image registry or the container host',
      prerequisites: 'who can read {{file}}, the image or the container configuration',
      threatAction: 'read the {{secretType}} stored in {{variable}} and reuse it',
      threatImpact: 'unauthorised access to the systems that credential protects',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['credentials of {{workload}}'],
    },
    mitigation: {
      title: 'Inject container secrets at runtime from a secret store',
      content:
        'Keep secrets out of Dockerfiles and Compose files. Pass them at runtime as Compose or Swarm secrets, Kubernetes Secrets mounted as files, or from a secrets manager; for build steps use BuildKit secret mounts. Rotate every secret that was ever committed.',
      controls: { cwe: ['CWE-798'], asvs: ['V2.10.4', 'V6.4.1'], nist80053: ['IA-5(7)', 'SC-28'] },
      remediation:
        'Replace the literal value on the cited line with a reference: in Compose use ${VARIABLE} from an untracked .env file or CI secret, or a secrets: entry read from /run/secrets; in a Dockerfile delete the ENV or ARG value and use RUN --mount=type=secret for the build step that needs it. Then rotate the exposed credential.',
    },
    references: [
      'https://docs.docker.com/build/building/secrets/',
      'https://docs.docker.com/compose/how-tos/use-secrets/',
      'https://cwe.mitre.org/data/definitions/798.html',
    ],
  },
  check(ctx) {
    // One credential copied into several services of a Compose file (DATABASE_URL in web, worker
    // and scheduler) is one exposure: report it once, citing every copy.
    const copies = new Map<string, SecretFact[]>();
    const secrets = ctx.factsOf('secret').filter(isContainerFact);
    /** Credentials of the product's own container files, by variable and value. */
    const deployed = new Map<string, string>();
    // Within a file, one credential under several names (MINIO_ROOT_PASSWORD and the app's
    // STORAGE_SECRET_KEY; the DB's password inside DATABASE_URL): `sameAs` names its first holder.
    const groupOf = (secret: SecretFact): string => `${secret.evidence.file}|${secret.sameAs ?? (secret.extractor === 'iac/compose' ? secret.key : undefined) ?? `${variableOf(secret.key)}|${secret.redacted}`}`;
    for (const secret of secrets) {
      const value = `${variableOf(secret.key)}|${secret.redacted}`;
      if (!isDevelopmentOnly(secret.evidence.file) && !deployed.has(value)) deployed.set(value, groupOf(secret));
    }
    for (const secret of secrets) {
      // A test or e2e Compose file repeating the product's credential (the sample APP_SECRET again in
      // cypress/docker-compose.yml) is the same exposure: cited with it, not reported again.
      const value = `${variableOf(secret.key)}|${secret.redacted}`;
      const same = (isDevelopmentOnly(secret.evidence.file) ? deployed.get(value) : undefined) ?? groupOf(secret);
      copies.set(same, [...(copies.get(same) ?? []), secret]);
    }
    // Sample values the app's environment schema refuses at start (`@IsNotIn(['REPLACE_ME'])`,
    // js/security-config env-schema.ts): a deployment that keeps them never runs.
    const refused = new Set(
      ctx
        .factsOf('config')
        .filter((f) => f.setting === 'env-rejects' && typeof f.values.variable === 'string' && typeof f.values.rejected === 'string')
        .flatMap((f) => String(f.values.rejected).split(' ').map((r) => `${String(f.values.variable)}|${r}`)),
    );
    for (const found of copies.values()) {
      // The product's own copy leads (its file, key and likelihood); test copies follow as evidence.
      const group = [...found.filter((f) => !isDevelopmentOnly(f.evidence.file)), ...found.filter((f) => isDevelopmentOnly(f.evidence.file))];
      const secret = group[0];
      if (secret.placeholder && refused.has(`${variableOf(secret.key)}|${secret.redacted}`)) continue;
      const deployment = deploymentAround(ctx, secret.evidence);
      ctx.report({
        key: secret.key ?? `${secret.evidence.file}#${secret.redacted}`,
        evidence: group.map((s) => s.evidence),
        elements: deployment ? elementsOf(ctx, deployment) : [],
        data: {
          variable: variableOf(secret.key),
          secretType: secret.secretType === 'generic-secret' ? 'secret' : secret.secretType.replace(/-/g, ' '),
          redacted: secret.redacted,
          workload: deployment ? workloadLabel(deployment) : secret.evidence.file,
          exposure: EXPOSURE[secret.extractor] ?? EXPOSURE['iac/compose'],
        },
        ...lessLikely(ctx, secret.evidence.file),
        ...(storesUnpublished(ctx, secret) ? { likelihood: 'low' as const } : {}),
        // A stand-in the sample asks the operator to replace (`REPLACE_WITH_LONG_SECRET`,
        // `STRONG_DB_PASSWORD`): a risk only to whoever deploys the sample unchanged.
        ...(secret.placeholder ? { likelihood: 'low' as const, impact: 'low' as const } : {}),
        // A build stage's ARG/ENV never reaches the running image; a dev or test stack is a developer's machine.
        ...(buildStageSecret(deployment, secret.evidence.line)
          ? contextCap({ level: 'development', reason: 'a build stage' })
          : deployment
            ? contextCap(deploymentContext(ctx, deployment))
            : {}),
      });
    }
  },
});
