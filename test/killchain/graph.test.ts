import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeKillChains, buildAttackGraph, chainSeverity, computeKillChains } from '../../src/analyze/graph/index.js';
import type { AdvisoryMatch } from '../../src/analyze/graph/index.js';
import { UUID_PATTERN } from '../../src/model/ids.js';
import type { KillChain } from '../../src/model/types.js';
import { ModelBuilder, ssrfToDatabase, uploadToBucket } from './model.js';

/** A chain as the tests write it by hand: the states it walks and the findings it uses. */
function shape(chain: KillChain): { states: string[]; threats: string[] } {
  return { states: [chain.entry, ...chain.steps.map((s) => s.to)], threats: chain.steps.flatMap((s) => (s.threat ? [s.threat] : s.advisory ? [s.advisory] : [])) };
}

function chainTo(chains: KillChain[], target: string): KillChain {
  const chain = chains.find((c) => c.target === target);
  assert.ok(chain, `a chain to ${target} (got: ${chains.map((c) => c.target).join(', ') || 'none'})`);
  return chain;
}

describe('expected chain 1: SSRF → internal unauthenticated admin API → database credentials → restricted data', () => {
  const { model, ssrf, missingAuth, debug } = ssrfToDatabase();
  const chains = computeKillChains(model);

  test('is reported, step by step, with the findings it uses', () => {
    const chain = chainTo(chains, 'data:db');
    assert.deepEqual(shape(chain), {
      states: ['internet', 'reach:gateway', 'net:gateway', 'reach:admin', 'admin:admin', 'secrets:admin', 'data:db'],
      threats: [ssrf.id, missingAuth!.id, debug!.id],
    });
  });

  test('ranks first and is critical although no step alone is; the escalation is flagged', () => {
    const chain = chains[0];
    assert.equal(chain.target, 'data:db');
    assert.equal(chain.severity, 'critical');
    assert.ok([missingAuth!, debug!].every((t) => t.severity !== 'critical'));
    assert.equal(chain.escalation, ssrf.severity !== 'critical');
    assert.ok(chain.likelihood > 0.3 && chain.likelihood < 1, `likelihood ${chain.likelihood}`);
  });

  test('has a narrative of a few sentences naming the findings and the target value', () => {
    const chain = chainTo(chains, 'data:db');
    const sentences = chain.narrative.split(/(?<=\.) (?=[A-Z])/);
    assert.ok(sentences.length >= 2 && sentences.length <= 6, chain.narrative);
    assert.match(chain.narrative, /^Starting as an anonymous attacker on the internet/);
    assert.match(chain.narrative, /Server-side request forgery/);
    assert.match(chain.narrative, /restricted data \(users\)/);
    assert.doesNotMatch(chain.narrative, /[<>&]/);
  });

  test('cites the evidence of every finding it uses', () => {
    const chain = chainTo(chains, 'data:db');
    for (const t of [ssrf, missingAuth!, debug!]) assert.ok(chain.evidence.some((e) => e.file === t.evidence[0].file && e.line === t.evidence[0].line), `${t.title} cited`);
  });

  test('the cheapest break is the SSRF fix, which cuts every path to the database', () => {
    const chain = chainTo(chains, 'data:db');
    assert.equal(chain.breakWith?.threat, ssrf.id);
    assert.match(chain.breakWith?.description ?? '', /cuts every path/);
  });

  test('ids are UUID v5 of the path and stable across runs; output is sorted and identical', () => {
    const again = computeKillChains(ssrfToDatabase().model);
    assert.deepEqual(again, chains);
    for (const c of chains) assert.match(c.id, UUID_PATTERN);
    assert.equal(new Set(chains.map((c) => c.id)).size, chains.length);
  });

  test('the order of the model lists does not matter', () => {
    const shuffled = ssrfToDatabase().model;
    for (const key of ['components', 'flows', 'entryPoints', 'threats'] as const) (shuffled[key] as unknown[]).reverse();
    assert.deepEqual(computeKillChains(shuffled), chains);
  });
});

describe('a chain broken by a mitigation is not reported', () => {
  test('an administrator check on the internal admin API breaks chain 1', () => {
    const chains = computeKillChains(ssrfToDatabase({ guarded: true }).model);
    assert.deepEqual(chains.filter((c) => ['data:db', 'admin:admin', 'secrets:admin'].includes(c.target)), []);
  });

  test('a mitigated SSRF removes its edge, and with it every chain through it', () => {
    const chains = computeKillChains(ssrfToDatabase({ ssrfStatus: 'mitigated' }).model);
    assert.deepEqual(chains.filter((c) => c.target === 'data:db' || c.target === 'admin:admin'), []);
  });

  test('an implemented mitigation of the SSRF stands in the way', () => {
    const { model, ssrf } = ssrfToDatabase();
    model.mitigations.push({ id: 'egress-allow-list', title: 'Egress allow-list', content: 'outbound proxy with an allow-list', controls: {}, remediation: '', status: 'implemented', threats: [ssrf.id] });
    ssrf.mitigations = ['egress-allow-list'];
    assert.deepEqual(computeKillChains(model).filter((c) => c.target === 'data:db'), []);
    model.mitigations[0].status = 'proposed';
    assert.equal(computeKillChains(model).filter((c) => c.target === 'data:db').length, 1, 'a proposed one does not');
  });

  test('a suppressed finding gives no edge; an accepted risk still does', () => {
    assert.equal(computeKillChains(ssrfToDatabase({ ssrfStatus: 'suppressed' }).model).filter((c) => c.target === 'data:db').length, 0);
    assert.equal(computeKillChains(ssrfToDatabase({ ssrfStatus: 'accepted' }).model).filter((c) => c.target === 'data:db').length, 1);
  });
});

describe('expected chain 2: file upload → code execution → mounted secret → cloud storage', () => {
  test('is reported through sign-up, the upload, the pod secrets and the bucket credentials', () => {
    const { model, uploadExec } = uploadToBucket();
    const chain = chainTo(computeKillChains(model), 'data:Object storage (S3)');
    assert.deepEqual(shape(chain), { states: ['internet', 'user', 'exec:media', 'secrets:media', 'data:Object storage (S3)'], threats: [uploadExec.id] });
    assert.equal(chain.severity, 'critical');
    assert.equal(chain.escalation, true);
    assert.match(chain.narrative, /mounted secrets/);
  });

  test('a privileged pod adds the node and the cluster; its fix is the cheapest break of that chain', () => {
    const { model, uploadExec, privileged } = uploadToBucket({ privileged: true });
    const chain = chainTo(computeKillChains(model), 'cluster');
    assert.deepEqual(shape(chain), { states: ['internet', 'user', 'exec:media', 'host', 'cluster'], threats: [uploadExec.id, privileged!.id] });
    assert.equal(chain.breakWith?.threat, privileged!.id);
  });

  test('a service account with cluster rights gives the cluster to a foothold directly', () => {
    const { b, model, media } = uploadToBucket();
    const sa = b.threat({ ruleId: 'k8s-service-account-cluster-admin', title: 'Service account of media is bound to cluster-admin', cwe: ['CWE-269'], stride: ['E'], on: media, evidence: { file: 'k8s/rbac.yaml', line: 4 } });
    const chain = chainTo(computeKillChains(model), 'cluster');
    assert.deepEqual(shape(chain).states, ['internet', 'user', 'exec:media', 'cluster']);
    assert.ok(shape(chain).threats.includes(sa.id));
  });
});

describe('attack graph edges follow the model structure', () => {
  test('SQL injection reaches the SQL databases of its component, not its cache', () => {
    const b = new ModelBuilder();
    const api = b.component('api', 'service', 'internet');
    const pg = b.component('pg', 'datastore', 'internal', ['PostgreSQL']);
    const redis = b.component('cache', 'datastore', 'internal', ['Redis']);
    b.flow(api, pg, 'PostgreSQL');
    b.flow(api, redis, 'Redis');
    const search = b.entry(api, 'GET', '/search', 'none');
    b.threat({ ruleId: 'sql-injection', title: 'SQL injection', cwe: ['CWE-89'], stride: ['T', 'I'], on: search });
    const graph = buildAttackGraph(b.model);
    const edges = graph.edges.filter((e) => e.kind === 'threat').map((e) => `${e.from}>${e.to}`);
    assert.deepEqual(edges, ['reach:api>data:pg']);
  });

  test('an internal route behind a login needs both a network path and a session (an AND edge)', () => {
    const b = new ModelBuilder();
    const web = b.component('web', 'service', 'internet');
    const reports = b.component('reports', 'service', 'internal');
    b.flow(web, reports);
    const preview = b.entry(web, 'GET', '/preview', 'none');
    const run = b.entry(reports, 'POST', '/run', 'user');
    b.threat({ ruleId: 'ssrf', title: 'SSRF', cwe: ['CWE-918'], stride: ['I'], on: preview });
    b.threat({ ruleId: 'command-injection', title: 'Command injection', cwe: ['CWE-78'], stride: ['E'], on: run });
    const edge = buildAttackGraph(b.model).edges.find((e) => e.to === 'exec:reports');
    assert.deepEqual(edge?.requires?.anyOf, ['user']);
    // No sign-up and no account takeover: the internet attacker has no session, so no chain.
    assert.equal(computeKillChains(b.model, { from: 'internet' }).some((c) => c.target === 'secrets:reports'), false);
    // A self-service sign-up provides the session: the chain exists and names the side path.
    b.entry(web, 'POST', '/signup', 'none', ['signup']);
    const chain = chainTo(computeKillChains(b.model, { from: 'internet', to: 'secrets:reports' }), 'secrets:reports');
    assert.match(chain.narrative, /This needs an authenticated user/);
  });

  test('credentials open an internal store only with a network path to it', () => {
    const b = new ModelBuilder();
    const api = b.component('api', 'service', 'internet');
    const db = b.component('db', 'datastore', 'internal', ['PostgreSQL']);
    b.flow(api, db, 'PostgreSQL');
    b.asset('users', 'restricted', [db], ['credentials']);
    b.threat({ ruleId: 'hardcoded-credentials', title: 'Hard-coded password in DATABASE_URL', cwe: ['CWE-798'], stride: ['I'], on: api, evidence: { file: 'docker-compose.yml', line: 9 } });
    assert.equal(computeKillChains(b.model, { from: 'repo', to: 'data:db' }).length, 0, 'the store is not reachable from outside');
    b.threat({ ruleId: 'compose-port-published-all-interfaces', title: 'Service db publishes its port on all interfaces', cwe: ['CWE-1327'], stride: ['I'], on: db });
    db.exposure = 'internet';
    const chain = chainTo(computeKillChains(b.model, { from: 'repo', to: 'data:db' }), 'data:db');
    assert.deepEqual(shape(chain).states, ['repo', 'secrets:api', 'data:db']);
  });

  test('a hard-coded JWT signing key forges an administrator session', () => {
    const b = new ModelBuilder();
    const api = b.component('api', 'service', 'internet');
    b.entry(api, 'GET', '/admin/users', 'admin', ['admin-path']);
    const key = b.threat({ ruleId: 'jwt-hardcoded-secret', title: 'JWT signed with a hard-coded secret', cwe: ['CWE-798', 'CWE-321'], stride: ['S', 'E'], on: api, evidence: { file: 'api/src/config.js', line: 3 } });
    const edge = buildAttackGraph(b.model).edges.find((e) => e.threat === key.id && e.to === 'admin:api');
    assert.equal(edge?.from, 'repo');
  });

  test('without administrative routes a forged JWT is every user\'s identity and their data, not an administrator', () => {
    const b = new ModelBuilder();
    const api = b.component('api', 'service', 'internet');
    const db = b.component('db', 'datastore', 'internal', ['PostgreSQL']);
    b.flow(api, db, 'PostgreSQL');
    b.entry(api, 'PUT', '/user', 'user');
    const key = b.threat({ ruleId: 'jwt-hardcoded-secret', title: 'JWT signed with a hard-coded secret', cwe: ['CWE-798', 'CWE-321'], stride: ['S', 'E'], on: api, evidence: { file: 'api/src/config.js', line: 3 } });
    const targets = buildAttackGraph(b.model).edges.filter((e) => e.threat === key.id).map((e) => e.to).sort();
    assert.deepEqual(targets, ['data:db', 'secrets:api', 'user']);
  });

  test('a datastore without authentication is open to whoever reaches it, e.g. through an SSRF', () => {
    const b = new ModelBuilder();
    const api = b.component('api', 'service', 'internet');
    const redis = b.component('cache', 'datastore', 'internal', ['Redis', 'redis:7']);
    b.flow(api, redis, 'Redis');
    b.asset('sessions', 'confidential', [redis]);
    const fetch = b.entry(api, 'POST', '/fetch', 'none');
    b.threat({ ruleId: 'ssrf', title: 'SSRF', cwe: ['CWE-918'], stride: ['I'], on: fetch });
    b.threat({ ruleId: 'datastore-without-authentication', title: 'cache accepts connections without credentials', cwe: ['CWE-306'], stride: ['S', 'T', 'I'], on: redis, architectural: true });
    const chain = chainTo(computeKillChains(b.model), 'data:cache');
    assert.deepEqual(shape(chain).states, ['internet', 'reach:api', 'net:api', 'reach:cache', 'data:cache']);
  });
});

describe('vulnerable dependencies as edges', () => {
  function withDependency(pkg: string, impact: AdvisoryMatch['impact'], routes: boolean) {
    const b = new ModelBuilder();
    const api = b.component('api', 'service', 'internet');
    const db = b.component('db', 'datastore', 'internet', ['PostgreSQL']);
    b.flow(api, db, 'PostgreSQL');
    b.asset('users', 'restricted', [db], ['credentials']);
    if (routes) b.entry(api, 'GET', '/admin/users', 'admin', ['admin-path']);
    const match: AdvisoryMatch = { advisoryId: `GHSA-${pkg}`, package: { ecosystem: 'npm', name: pkg, version: '1.0.0' }, component: api.id, impact, reachability: 'direct', evidence: [{ file: 'api/package-lock.json', line: 40 }], fixed: '1.0.1' };
    return { model: b.model, match };
  }

  test('an RCE advisory gives code execution, and the chain continues to the data', () => {
    const { model, match } = withDependency('node-serialize', 'rce', true);
    const chain = chainTo(computeKillChains(model, { matches: [match] }), 'data:db');
    assert.deepEqual(shape(chain), { states: ['internet', 'reach:api', 'exec:api', 'secrets:api', 'data:db'], threats: ['GHSA-node-serialize'] });
    assert.equal(chain.steps[1].advisory, 'GHSA-node-serialize');
    assert.equal(chain.breakWith?.threat, 'GHSA-node-serialize');
    assert.match(chain.breakWith?.description ?? '', /upgrade node-serialize from 1\.0\.0 to 1\.0\.1/);
  });

  test('an auth-bypass advisory gives administrator rights in a component with logins', () => {
    const { model, match } = withDependency('jsonwebtoken', 'auth-bypass', true);
    const chain = chainTo(computeKillChains(model, { matches: [match], to: 'admin' }), 'admin:api');
    assert.deepEqual(shape(chain), { states: ['internet', 'reach:api', 'admin:api'], threats: ['GHSA-jsonwebtoken'] });
  });

  test('a DoS advisory reaches no high-value target; a component without routes gets no edge', () => {
    const dos = withDependency('ws', 'dos', true);
    assert.equal(computeKillChains(dos.model, { matches: [dos.match] }).length, 0);
    const silent = withDependency('node-serialize', 'rce', false);
    assert.equal(buildAttackGraph(silent.model, { advisories: [silent.match] }).edges.filter((e) => e.kind === 'advisory').length, 0);
  });
});

describe('chain severity', () => {
  test('likelihood level × target value, OWASP risk-rating style', () => {
    assert.equal(chainSeverity(0.5, 1), 'critical');
    assert.equal(chainSeverity(0.5, 0.6), 'high');
    assert.equal(chainSeverity(0.2, 1), 'high');
    assert.equal(chainSeverity(0.2, 0.6), 'medium');
    assert.equal(chainSeverity(0.05, 1), 'medium');
    assert.equal(chainSeverity(0.05, 0.6), 'low');
    assert.equal(chainSeverity(0.9, 0.45), 'medium');
  });
});

describe('filters', () => {
  const { model } = ssrfToDatabase();

  test('--to keeps the targets of one kind, one state, or one component', () => {
    assert.deepEqual(computeKillChains(model, { to: 'data' }).map((c) => c.target), ['data:db']);
    assert.deepEqual(computeKillChains(model, { to: 'data:db' }).map((c) => c.target), ['data:db']);
    assert.deepEqual(computeKillChains(model, { to: 'restricted' }).map((c) => c.target), ['data:db']);
    assert.deepEqual(computeKillChains(model, { to: 'admin' }).map((c) => c.target), ['admin:admin']);
    assert.deepEqual(computeKillChains(model, { to: 'gateway' }), [], 'no target state belongs to gateway');
  });

  test('--from starts elsewhere: a what-if foothold', () => {
    const chains = computeKillChains(model, { from: 'exec:admin' });
    assert.ok(chains.length === 0 || chains.every((c) => c.entry === 'exec:admin'));
    const fromNet = analyzeKillChains(model, { from: 'net:gateway', to: 'data:db' });
    assert.equal(fromNet.chains[0]?.entry, 'net:gateway');
  });

  test('--limit caps the list', () => {
    assert.equal(computeKillChains(model, { limit: 1 }).length, 1);
  });
});
