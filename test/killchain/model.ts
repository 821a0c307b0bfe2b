// Hand-built threat models for the attack-graph tests: for the facts the extractors do not see yet
// (Kubernetes mounted secrets, service accounts, cloud storage), and to pin the expected chains to
// exactly the findings a test names. Threats are scored by the real scoreThreat, like the engine does.
import { scoreThreat, severityOf } from '../../src/analyze/score.js';
import { stableId } from '../../src/model/ids.js';
import type {
  Asset,
  AuthLevel,
  Classification,
  Component,
  ComponentKind,
  Dependency,
  EntryPoint,
  Evidence,
  Exposure,
  Flow,
  Level,
  StrideLetter,
  Threat,
  ThreatModel,
  ThreatStatus,
} from '../../src/model/types.js';
import { MODEL_SCHEMA } from '../../src/model/types.js';

export class ModelBuilder {
  readonly model: ThreatModel = {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: 'test' },
    product: { name: 'hand-built', languages: ['javascript'], owners: [] },
    components: [],
    flows: [],
    trustBoundaries: [],
    entryPoints: [],
    assets: [],
    dependencies: [],
    threats: [],
    mitigations: [],
    assumptions: [],
    killChains: [],
    diagnostics: [],
  };

  component(name: string, kind: ComponentKind, exposure: Exposure, tech: string[] = []): Component {
    const c: Component = { id: stableId('component', name), name, kind, tech, paths: kind === 'service' ? [name] : [], exposure, trustZone: exposure === 'internet' ? 'edge' : 'internal', evidence: [{ file: 'docker-compose.yml', line: this.model.components.length + 2 }] };
    this.model.components.push(c);
    return c;
  }

  flow(from: Component, to: Component, protocol = 'HTTP'): Flow {
    const f: Flow = { id: stableId('flow', `${from.id}|${to.id}|${protocol}`), from: from.id, to: to.id, protocol, authenticated: 'unknown', encrypted: 'unknown', data: [], crosses: [], evidence: [{ file: `${from.name}/src/index.js`, line: 3 }] };
    this.model.flows.push(f);
    return f;
  }

  entry(component: Component, method: string, path: string, auth: AuthLevel, tags: string[] = [], line = 10): EntryPoint {
    const evidence: Evidence = { file: `${component.name}/src/routes.js`, line };
    const ep: EntryPoint = { id: stableId('entrypoint', `${component.id}|${method}|${path}`), component: component.id, kind: 'http', method, path, auth, middleware: [], handler: { file: evidence.file, line }, exposure: component.exposure, tags, evidence: [evidence] };
    this.model.entryPoints.push(ep);
    return ep;
  }

  asset(name: string, classification: Classification, storedIn: Component[], categories: string[] = []): Asset {
    const a: Asset = { id: stableId('asset', name), name, classification, categories, storedIn: storedIn.map((s) => s.id), evidence: [{ file: 'schema.sql', line: 1 }] };
    this.model.assets.push(a);
    return a;
  }

  dependency(component: Component, name: string, version: string, direct = true): Dependency {
    const d: Dependency = { ecosystem: 'npm', name, version, direct, component: component.id, manifest: `${component.name}/package-lock.json` };
    this.model.dependencies.push(d);
    return d;
  }

  threat(spec: {
    ruleId: string;
    title: string;
    cwe: string[];
    stride: StrideLetter[];
    attack?: string[];
    on: Component | EntryPoint;
    evidence?: Evidence;
    likelihood?: Level;
    impact?: Level;
    confidence?: Level;
    architectural?: boolean;
    status?: ThreatStatus;
  }): Threat {
    const ep = 'component' in spec.on ? spec.on : undefined;
    const component = ep ? this.model.components.find((c) => c.id === ep.component)! : (spec.on as Component);
    const evidence = spec.evidence ?? ep?.evidence[0] ?? { file: `${component.name}/Dockerfile`, line: 1 };
    const score = scoreThreat({
      likelihood: spec.likelihood ?? 'medium',
      impact: spec.impact ?? 'high',
      confidence: spec.confidence ?? 'high',
      components: [component],
      entryPoint: ep,
      architectural: spec.architectural ?? false,
      weakness: { cwe: spec.cwe, stride: spec.stride, attack: spec.attack, ruleId: spec.ruleId, title: spec.title },
    });
    const t: Threat = {
      id: stableId('threat', `${spec.ruleId}|${component.name}|${spec.title}`),
      ruleId: spec.ruleId,
      title: spec.title,
      description: spec.title,
      stride: spec.stride,
      cwe: spec.cwe,
      capec: [],
      attack: spec.attack ?? [],
      owasp: [],
      severity: severityOf(score.value),
      score,
      elements: ep ? [component.id, ep.id] : [component.id],
      evidence: [evidence],
      grammar: { threatSource: 'attacker', prerequisites: '', threatAction: 'act', threatImpact: 'impact', impactedGoal: ['confidentiality'], impactedAssets: [] },
      statement: spec.title,
      mitigations: [],
      status: spec.status ?? 'open',
      source: 'rule',
      confidence: spec.confidence ?? 'high',
      architectural: spec.architectural ?? false,
      remediation: `fix ${spec.title}`,
    };
    this.model.threats.push(t);
    return t;
  }
}

/**
 * Chain 1 of the issue: SSRF in an internet-facing gateway → internal admin API without
 * authentication → a debug route that returns the environment (database URL) → the database
 * with restricted data. `guarded` puts an administrator check on the admin API (the mitigation).
 */
export function ssrfToDatabase(options: { guarded?: boolean; ssrfStatus?: ThreatStatus } = {}) {
  const b = new ModelBuilder();
  const gateway = b.component('gateway', 'service', 'internet', ['express', 'axios']);
  const admin = b.component('admin', 'service', 'internal', ['express', 'pg']);
  // The database port is published on the host (a Compose mistake the container rules report).
  const db = b.component('db', 'datastore', 'internet', ['PostgreSQL', 'postgres:16']);
  b.flow(gateway, admin);
  b.flow(admin, db, 'PostgreSQL');
  b.asset('users', 'restricted', [db], ['credentials', 'personal']);
  const preview = b.entry(gateway, 'POST', '/api/preview', 'none', ['state-changing'], 9);
  const auth = options.guarded ? 'admin' : 'none';
  const users = b.entry(admin, 'GET', '/admin/users', auth, ['admin-path'], 8);
  const env = b.entry(admin, 'GET', '/admin/debug/env', auth, ['admin-path', 'debug'], 18);
  const published = b.threat({ ruleId: 'compose-port-published-all-interfaces', title: 'Service db publishes its postgres port on all interfaces', cwe: ['CWE-1327'], stride: ['I', 'T'], attack: ['T1190'], on: db, evidence: { file: 'docker-compose.yml', line: 14 } });
  const ssrf = b.threat({ ruleId: 'ssrf', title: 'Server-side request forgery from request data', cwe: ['CWE-918'], stride: ['I', 'S'], on: preview, likelihood: 'high', status: options.ssrfStatus });
  const missingAuth = options.guarded
    ? undefined
    : b.threat({ ruleId: 'admin-route-without-admin-check', title: 'Administrative route GET /admin/users has no administrator check', cwe: ['CWE-862', 'CWE-863'], stride: ['E'], on: users, confidence: 'medium' });
  const debug = options.guarded
    ? undefined
    : b.threat({ ruleId: 'debug-endpoint-exposed', title: 'Debug endpoint GET /admin/debug/env reachable without authentication', cwe: ['CWE-489', 'CWE-215'], stride: ['I'], on: env, confidence: 'medium' });
  return { b, model: b.model, gateway, admin, db, published, ssrf, missingAuth, debug };
}

/**
 * Chain 2 of the issue, on Kubernetes: an upload handler that runs what it receives → code
 * execution in the media pod → its mounted secret (cloud credentials) → the bucket; and, because
 * the pod is privileged, the node and the cluster.
 */
export function uploadToBucket(options: { privileged?: boolean } = {}) {
  const b = new ModelBuilder();
  const media = b.component('media', 'service', 'internet', ['express', 'multer', 'aws-sdk']);
  const bucket = b.component('Object storage (S3)', 'storage', 'internal', ['Object storage (S3)', 'aws-sdk']);
  b.flow(media, bucket, 'HTTPS');
  b.asset('customer documents', 'restricted', [bucket], ['personal']);
  const upload = b.entry(media, 'POST', '/api/documents', 'user', ['upload', 'state-changing'], 12);
  b.entry(media, 'POST', '/api/signup', 'none', ['signup', 'state-changing'], 30);
  const uploadExec = b.threat({ ruleId: 'unrestricted-upload', title: 'Uploaded files are stored and executed by the document converter', cwe: ['CWE-434'], stride: ['T', 'E'], on: upload, likelihood: 'high' });
  const privileged = options.privileged
    ? b.threat({ ruleId: 'k8s-privileged-pod', title: 'Pod media runs privileged', cwe: ['CWE-250'], stride: ['E'], attack: ['T1611'], on: media, evidence: { file: 'k8s/media.yaml', line: 21 } })
    : undefined;
  return { b, model: b.model, media, bucket, uploadExec, privileged };
}
