// Kill-chain benchmark (DESIGN §5: killchain on a model in well under a second).
//
//   node --import tsx bench/killchain.ts [--threats 100,1000,5000] [--runs 7]
//
// Generates synthetic but realistically shaped models (internet-facing and internal services with
// routes behind none/user/admin auth, databases, caches, buckets, third parties, and a mix of
// threats over the classes the edge table knows: injections, SSRF, missing authorization,
// hard-coded secrets, container findings, DoS, amplifiers...), then times, per size:
//   graph   buildAttackGraph alone
//   chains  computeKillChains: graph + search from every entry + ranking + narratives + cuts
//   mmd     renderAttackGraph (attack-graph.mmd)
// Each is the median of --runs runs after one warm-up. Prints a Markdown table for bench/README.md.
import { parseArgs } from 'node:util';
import { buildAttackGraph } from '../src/analyze/graph/build.js';
import { computeKillChains } from '../src/analyze/graph/chains.js';
import { scoreThreat, severityOf } from '../src/analyze/score.js';
import { renderAttackGraph } from '../src/emit/attack-graph.js';
import { stableId } from '../src/model/ids.js';
import type { AuthLevel, Component, ComponentKind, EntryPoint, Exposure, Level, StrideLetter, Threat, ThreatModel } from '../src/model/types.js';
import { MODEL_SCHEMA } from '../src/model/types.js';

interface Kind {
  ruleId: string;
  cwe: string[];
  stride: StrideLetter[];
  attack?: string[];
  likelihood: Level;
  /** Sits on a route (else on the component). */
  route: boolean;
  weight: number;
}

const KINDS: Kind[] = [
  { ruleId: 'sql-injection', cwe: ['CWE-89'], stride: ['T', 'I'], likelihood: 'high', route: true, weight: 8 },
  { ruleId: 'ssrf', cwe: ['CWE-918'], stride: ['I'], likelihood: 'high', route: true, weight: 4 },
  { ruleId: 'command-injection', cwe: ['CWE-78'], stride: ['E'], likelihood: 'high', route: true, weight: 3 },
  { ruleId: 'admin-route-without-admin-check', cwe: ['CWE-862', 'CWE-863'], stride: ['E'], likelihood: 'medium', route: true, weight: 6 },
  { ruleId: 'bola-idor', cwe: ['CWE-639'], stride: ['I'], likelihood: 'medium', route: true, weight: 8 },
  { ruleId: 'reflected-xss', cwe: ['CWE-79'], stride: ['T'], likelihood: 'medium', route: true, weight: 8 },
  { ruleId: 'path-traversal', cwe: ['CWE-22'], stride: ['I'], likelihood: 'medium', route: true, weight: 5 },
  { ruleId: 'missing-rate-limit-auth-routes', cwe: ['CWE-307', 'CWE-770'], stride: ['S'], likelihood: 'medium', route: true, weight: 6 },
  { ruleId: 'debug-endpoint-exposed', cwe: ['CWE-489', 'CWE-215'], stride: ['I'], likelihood: 'medium', route: true, weight: 2 },
  { ruleId: 'regex-dos', cwe: ['CWE-1333'], stride: ['D'], likelihood: 'low', route: true, weight: 5 },
  { ruleId: 'open-redirect', cwe: ['CWE-601'], stride: ['S'], likelihood: 'medium', route: true, weight: 5 },
  { ruleId: 'hardcoded-credentials', cwe: ['CWE-798', 'CWE-259'], stride: ['I'], likelihood: 'medium', route: false, weight: 6 },
  { ruleId: 'container-secret-in-env', cwe: ['CWE-798', 'CWE-526'], stride: ['I'], likelihood: 'medium', route: false, weight: 5 },
  { ruleId: 'container-runs-as-root', cwe: ['CWE-250'], stride: ['E'], attack: ['T1611', 'T1068'], likelihood: 'medium', route: false, weight: 6 },
  { ruleId: 'container-privileged', cwe: ['CWE-250'], stride: ['E'], attack: ['T1611'], likelihood: 'medium', route: false, weight: 1 },
  { ruleId: 'weak-password-hash', cwe: ['CWE-916', 'CWE-328'], stride: ['I'], likelihood: 'low', route: false, weight: 4 },
  { ruleId: 'log-injection', cwe: ['CWE-117'], stride: ['R'], likelihood: 'low', route: true, weight: 8 },
  { ruleId: 'missing-security-headers', cwe: ['CWE-1021', 'CWE-319'], stride: ['I'], likelihood: 'low', route: false, weight: 3 },
];

/** A deterministic pseudo-random sequence (mulberry32), so every run measures the same model. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticModel(threats: number): ThreatModel {
  const rnd = random(threats);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const model: ThreatModel = {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: 'bench' },
    product: { name: `synthetic-${threats}`, languages: ['javascript'], owners: [] },
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
  const component = (name: string, kind: ComponentKind, exposure: Exposure, tech: string[]): Component => {
    const c: Component = { id: stableId('component', name), name, kind, tech, paths: kind === 'service' ? [name] : [], exposure, trustZone: exposure, evidence: [{ file: 'docker-compose.yml', line: model.components.length + 1 }] };
    model.components.push(c);
    return c;
  };
  const services = Math.max(3, Math.round(threats / 25));
  const stores = [
    ...Array.from({ length: Math.max(1, Math.round(services / 4)) }, (_, i) => component(`db${i}`, 'datastore', 'internal', ['PostgreSQL'])),
    ...Array.from({ length: Math.max(1, Math.round(services / 8)) }, (_, i) => component(`cache${i}`, 'datastore', 'internal', ['Redis'])),
    ...Array.from({ length: Math.max(1, Math.round(services / 10)) }, (_, i) => component(`bucket${i}`, 'storage', 'internal', ['Object storage (S3)'])),
  ];
  const externals = ['Stripe', 'SendGrid', 'Slack'].map((n) => component(n, 'external', 'internet', [n.toLowerCase()]));
  const classes = ['restricted', 'confidential', 'internal'] as const;
  stores.forEach((s, i) => model.assets.push({ id: stableId('asset', `a${i}`), name: i % 3 === 0 ? `users${i}` : `records${i}`, classification: classes[i % 3], categories: i % 3 === 0 ? ['credentials'] : [], storedIn: [s.id], evidence: [] }));
  const routes = new Map<string, EntryPoint[]>();
  const svc: Component[] = [];
  for (let i = 0; i < services; i++) {
    const c = component(`svc${i}`, 'service', i % 3 === 0 ? 'internet' : 'internal', ['express']);
    svc.push(c);
    const eps: EntryPoint[] = [];
    for (let r = 0; r < 12; r++) {
      const admin = r % 6 === 0;
      const auth: AuthLevel = pick(['none', 'user', 'user', 'admin', 'unknown'] as const);
      const path = `${admin ? '/admin' : '/api'}/r${r}`;
      const ep: EntryPoint = { id: stableId('entrypoint', `${c.id}|GET|${path}`), component: c.id, kind: 'http', method: 'GET', path, auth, middleware: [], handler: { file: `svc${i}/routes.js`, line: r * 10 + 1 }, exposure: c.exposure, tags: [...(admin ? ['admin-path'] : []), ...(r === 11 && i === 0 ? ['signup'] : [])], evidence: [{ file: `svc${i}/routes.js`, line: r * 10 + 1 }] };
      eps.push(ep);
      model.entryPoints.push(ep);
    }
    routes.set(c.id, eps);
    for (const s of [pick(stores), pick(stores)]) model.flows.push({ id: stableId('flow', `${c.id}|${s.id}`), from: c.id, to: s.id, protocol: 'TCP', authenticated: 'unknown', encrypted: 'unknown', data: [], crosses: [], evidence: [{ file: `svc${i}/db.js`, line: 1 }] });
    if (rnd() < 0.3) {
      const e = pick(externals);
      model.flows.push({ id: stableId('flow', `${c.id}|${e.id}`), from: c.id, to: e.id, protocol: 'HTTPS', authenticated: true, encrypted: true, data: [], crosses: [], evidence: [{ file: `svc${i}/client.js`, line: 1 }] });
    }
    if (i > 0 && rnd() < 0.5) model.flows.push({ id: stableId('flow', `${svc[i - 1].id}|${c.id}`), from: svc[i - 1].id, to: c.id, protocol: 'HTTP', authenticated: 'unknown', encrypted: 'unknown', data: [], crosses: [], evidence: [] });
  }
  const weights = KINDS.reduce((n, k) => n + k.weight, 0);
  for (let n = 0; n < threats; n++) {
    let roll = rnd() * weights;
    const kind = KINDS.find((k) => (roll -= k.weight) < 0) ?? KINDS[0];
    const c = pick(svc);
    const ep = kind.route ? pick(routes.get(c.id)!) : undefined;
    const score = scoreThreat({ likelihood: kind.likelihood, impact: 'high', confidence: pick(['high', 'medium', 'low'] as const), components: [c], entryPoint: ep, architectural: false, weakness: { cwe: kind.cwe, stride: kind.stride, attack: kind.attack, ruleId: kind.ruleId, title: kind.ruleId } });
    const evidence = ep ? { file: ep.evidence[0].file, line: ep.evidence[0].line + 2 } : { file: `svc/${c.name}/Dockerfile`, line: 1 + (n % 40) };
    const threat: Threat = {
      id: stableId('threat', `${kind.ruleId}|${n}`),
      ruleId: kind.ruleId,
      title: `${kind.ruleId} in ${c.name}`,
      description: kind.ruleId,
      stride: kind.stride,
      cwe: kind.cwe,
      capec: [],
      attack: kind.attack ?? [],
      owasp: [],
      severity: severityOf(score.value),
      score,
      elements: ep ? [c.id, ep.id] : [c.id],
      evidence: [evidence],
      grammar: { threatSource: 'attacker', prerequisites: '', threatAction: 'act', threatImpact: 'impact', impactedGoal: ['confidentiality'], impactedAssets: [] },
      statement: '',
      mitigations: [],
      status: rnd() < 0.05 ? 'suppressed' : 'open',
      source: 'rule',
      confidence: 'high',
      architectural: false,
    };
    model.threats.push(threat);
  }
  model.threats.sort((a, b) => (a.id < b.id ? -1 : 1));
  return model;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(runs: number, fn: () => void): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const { values } = parseArgs({ options: { threats: { type: 'string', default: '100,1000,5000' }, runs: { type: 'string', default: '7' } } });
const sizes = values.threats.split(',').map(Number).filter((n) => n > 0);
const runs = Math.max(1, Number(values.runs));

console.log(`node ${process.version}, ${runs} runs per cell (median)\n`);
console.log('| threats | components | entry points | states | edges | chains | graph ms | chains ms | mmd ms |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const size of sizes) {
  const model = syntheticModel(size);
  const graph = buildAttackGraph(model);
  const chains = computeKillChains(model);
  model.killChains = chains;
  const graphMs = time(runs, () => buildAttackGraph(model));
  const chainMs = time(runs, () => computeKillChains(model));
  const mmdMs = time(runs, () => renderAttackGraph(model));
  console.log(`| ${size} | ${model.components.length} | ${model.entryPoints.length} | ${graph.states.size} | ${graph.edges.length} | ${chains.length} | ${graphMs.toFixed(1)} | ${chainMs.toFixed(1)} | ${mmdMs.toFixed(1)} |`);
}
