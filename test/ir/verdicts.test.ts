import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { resolveAdvisory } from '../../src/ir/advisory/load.js';
import { runIncidentResponse } from '../../src/ir/run.js';
import type { IrReport, ProductVerdict, Verdict } from '../../src/ir/types.js';
import { ADVISORIES, buildFixtureCatalog } from './products.js';

let catalog: string;
const reports = new Map<string, IrReport>();

async function ir(input: string): Promise<IrReport> {
  const key = input;
  if (!reports.has(key)) reports.set(key, await runIncidentResponse(catalog, await resolveAdvisory(input.includes('/') && input.endsWith('.json') ? join(ADVISORIES, input) : input, { cwd: ADVISORIES })));
  return reports.get(key)!;
}

function product(report: IrReport, slug: string): ProductVerdict {
  const p = report.products.find((x) => x.slug === slug);
  assert.ok(p, `no ${slug} in the report`);
  return p;
}

/** Every product not listed must be not-affected. */
async function expectVerdicts(input: string, expected: Record<string, Verdict>): Promise<IrReport> {
  const report = await ir(input);
  const actual = Object.fromEntries(report.products.filter((p) => p.verdict !== 'not-affected').map((p) => [p.slug, p.verdict]));
  assert.deepEqual(actual, expected, input);
  assert.equal(report.products.length, 13, 'every cataloged product is in the report');
  return report;
}

describe('ir: verdicts over the fixture catalog (real advisories, 8 ecosystems)', { timeout: 120_000 }, () => {
  before(async () => {
    catalog = await buildFixtureCatalog();
  });

  it('lodash (CVE-2020-8203): exploitable where set() runs on a request, affected where only merge() does, unknown without a lockfile', async () => {
    const report = await expectVerdicts('osv/GHSA-p6mc-m468-83gw.json', { storefront: 'exploitable', 'admin-portal': 'affected', 'docs-site': 'unknown' });
    const store = product(report, 'storefront');
    assert.match(store.reasons.join('\n'), /lodash 4\.17\.15 is in the affected range <4\.17\.20, fixed in 4\.17\.20/);
    assert.match(store.reasons.join('\n'), /affected function lodash\.baseSet is used/);
    assert.ok(store.evidence.some((e) => e.kind === 'call' && e.file === 'src/routes/cart.js' && e.line === 10 && /calls set/.test(e.detail)));
    assert.ok(store.evidence.some((e) => e.kind === 'import' && e.file === 'src/routes/cart.js' && e.line === 2));
    assert.ok(store.evidence.some((e) => e.kind === 'dependency' && e.file === 'package-lock.json' && (e.line ?? 0) > 0));
    assert.deepEqual(store.entryPoints.map((e) => e.label), ['POST /api/cart/:id/options']);
    assert.deepEqual(store.owners, ['@acme/storefront']);
    assert.deepEqual(store.fix[0], { ecosystem: 'npm', package: 'lodash', current: '4.17.15', fixed: '4.17.20', action: 'change "lodash": "^4.17.15" to "^4.17.20" in package.json:9, then reinstall to refresh package-lock.json', file: 'package.json', line: 9 });
    assert.equal(store.chains[0].kind, 'enabled');
    assert.match(store.chains[0].narrative, /anonymous attacker on the internet sends input to POST \/api\/cart\/:id\/options.*run code in/);
    // The lodash that jsonwebtoken bundles (4.17.21) is listed and not affected.
    assert.ok(store.packages.some((p) => p.version === '4.17.21' && p.status === 'unaffected'));
    assert.match(product(report, 'admin-portal').reasons.join('\n'), /none of the affected functions \(lodash\.baseSet\) is used \(it uses merge\)/);
    const docs = product(report, 'docs-site');
    assert.match(docs.reasons.join('\n'), /declared range \^4\.17\.0 admits affected versions.*no lockfile/);
    assert.match(docs.reasons.join('\n'), /if an affected version is installed, this product is exploitable/);
    assert.equal(docs.fix[0].fixed, '4.17.20');
  });

  it('minimist (CVE-2021-44906, two ranges): exploitable through a request handler', async () => {
    const report = await expectVerdicts('osv/GHSA-xvch-5gv4-984h.json', { storefront: 'exploitable' });
    const p = product(report, 'storefront');
    assert.deepEqual(p.entryPoints.map((e) => `${e.label} ${e.exposure} ${e.auth}`), ['GET /api/search internet none']);
    assert.equal(p.fix[0].fixed, '1.2.6');
  });

  it('ws (4 backport ranges): affected where only a cron job imports it', async () => {
    const report = await expectVerdicts('osv/GHSA-3h5v-q93c-6h6q.json', { storefront: 'affected' });
    const p = product(report, 'storefront');
    assert.match(p.reasons.join('\n'), /ws 7\.4\.6 is in the affected range >=7\.0\.0 <7\.5\.10, fixed in 7\.5\.10/);
    assert.match(p.reasons.join('\n'), /imported \(src\/jobs\/notify\.js:2\) but no entry point was found to reach that code/);
  });

  it('moment on npm and NuGet: present-not-reachable when only transitive, affected in a NuGet product', async () => {
    const report = await expectVerdicts('osv/GHSA-8hfj-j24r-96c4.json', { storefront: 'present-not-reachable', 'reports-dotnet': 'affected' });
    assert.match(product(report, 'storefront').reasons.join('\n'), /only comes in transitively/);
    assert.match(product(report, 'storefront').fix[0].action, /"overrides": \{ "moment": "\^2\.29\.2" \}/);
    assert.match(product(report, 'reports-dotnet').reasons.join('\n'), /moment\.js 2\.29\.1\.0 is in the affected range <2\.29\.2/);
  });

  it('no fix published (marsdb, empty "fixed"), dev-only (express-jwt), the last-known-affected gap (sanitize-html)', async () => {
    const marsdb = product(await expectVerdicts('osv/GHSA-5mrr-rgp6-x4gr.json', { 'admin-portal': 'present-not-reachable' }), 'admin-portal');
    assert.match(marsdb.reasons.join('\n'), /declared as a dependency but no code imports it/);
    assert.match(marsdb.fix[0].action, /no fixed version of marsdb is published/);
    const jwt = product(await expectVerdicts('osv/GHSA-6g6m-m6h5-w9gf.json', { 'admin-portal': 'present-not-reachable' }), 'admin-portal');
    assert.match(jwt.reasons.join('\n'), /imported only by tests/);
    const sanitize = product(await expectVerdicts('osv/GHSA-xc6g-ggrc-qq4r.json', { 'admin-portal': 'exploitable' }), 'admin-portal');
    assert.match(sanitize.reasons.join('\n'), /last known affected version as <= 1\.11\.1, so 1\.11\.2 sits between that and the fix/);
    await expectVerdicts('osv/GHSA-qwph-4952-7xr6.json', {}); // jsonwebtoken 9.0.0 is the fix
    await expectVerdicts('osv/GHSA-q4v7-4rhw-9hqm.json', {}); // nobody uses node-serialize
  });

  it('PyPI: name normalisation (PyYAML/pyyaml, django/Django), named functions reached through load()', async () => {
    const yaml = product(await expectVerdicts('osv/GHSA-8q59-q68h-6hv4.json', { 'billing-py': 'exploitable' }), 'billing-py');
    assert.match(yaml.reasons.join('\n'), /affected function yaml\.constructor\.FullConstructor is used/);
    assert.ok(yaml.evidence.some((e) => e.kind === 'call' && e.file === 'app/handlers.py' && e.line === 12));
    assert.deepEqual(yaml.fix[0].file, 'requirements.txt');
    assert.equal(yaml.chains[0].target, 'billing-db (confidential data)');
    const django = product(await expectVerdicts('osv/GHSA-p64x-8rxx-wf6q.json', { 'billing-py': 'exploitable' }), 'billing-py');
    assert.match(django.reasons.join('\n'), /Django 3\.2\.13 is in the affected range >=3\.2 <3\.2\.14/);
    assert.match(django.mitigations.join('\n'), /requires authentication \(user\)/);
    await expectVerdicts('osv/GHSA-h5c8-rqwp-cp95.json', {}); // Jinja2 3.1.3 is the fixed version
  });

  it('Go: a pseudo-version below 0.17.0 and a gRPC release inside one of three ranges', async () => {
    const net = product(await expectVerdicts('osv/GHSA-4374-p667-p6c8.json', { 'ledger-go': 'affected' }), 'ledger-go');
    assert.match(net.reasons.join('\n'), /v0\.0\.0-20220722155237-a158d28d115b is in the affected range <0\.17\.0/);
    assert.match(net.reasons.join('\n'), /imports of go packages are not analysed yet.*direct dependency, so it is assumed to be imported/s);
    assert.deepEqual([net.fix[0].file, net.fix[0].line, net.fix[0].fixed], ['go.mod', 6, '0.17.0']);
    const grpc = product(await expectVerdicts('osv/GHSA-m425-mq94-257g.json', { 'ledger-go': 'affected' }), 'ledger-go');
    assert.equal(grpc.fix[0].fixed, '1.57.1');
  });

  it('Maven: Log4Shell from OSV and from CVE 5 agree; the 2.3.1 security release and .RELEASE qualifiers are handled', async () => {
    const osv = product(await expectVerdicts('osv/GHSA-jfh8-c2jp-5v3q.json', { 'orders-java': 'affected' }), 'orders-java');
    assert.equal(osv.fix[0].fixed, '2.15.0');
    assert.deepEqual([osv.fix[0].file, osv.fix[0].line], ['pom.xml', 31]);
    const cve = await expectVerdicts('cve5/CVE-2021-44228.json', { 'orders-java': 'affected' });
    assert.deepEqual(cve.advisory.kev, { dateAdded: '2021-12-10' });
    assert.equal(product(cve, 'orders-java').fix[0].fixed, '2.15.0');
    const spring = product(await expectVerdicts('osv/GHSA-36p3-wjmg-h94x.json', { 'orders-java': 'present-not-reachable' }), 'orders-java');
    assert.ok(spring.packages.some((p) => p.name === 'org.springframework:spring-webmvc' && p.status === 'unaffected'));
    assert.match(spring.reasons.join('\n'), /spring-beans only comes in transitively/);
  });

  it('package specs: RubyGems four-part versions, Debian and Alpine revisions', async () => {
    await expectVerdicts('gem:rack@<2.2.6.4', { 'shop-ruby': 'present-not-reachable' });
    await expectVerdicts('gem:rack@<2.2.6.3', {});
    await expectVerdicts('debian:openssl@<3.0.11-1~deb12u3', { 'edge-proxy': 'affected' });
    await expectVerdicts('debian:openssl@<3.0.11-1~deb12u2', {});
    await expectVerdicts('alpine:musl@<1.2.4-r3', { 'worker-alpine': 'affected' });
    await expectVerdicts('alpine:musl@<1.2.4-r2', {});
    await expectVerdicts('npm:minimist@<1.2.6', { storefront: 'exploitable' });
  });

  it('a kernel CVE: judged from deployments, honest that the hosts decide; privileged workloads first', async () => {
    const report = await ir('cve5/CVE-2024-1086.json');
    assert.ok(report.products.every((p) => p.verdict === 'unknown'));
    assert.deepEqual(report.products.slice(0, 2).map((p) => p.slug).sort(), ['admin-portal', 'edge-proxy']);
    const edge = product(report, 'edge-proxy');
    assert.match(edge.reasons.join('\n'), /decided by the hosts, not by this repository/);
    assert.match(edge.reasons.join('\n'), /privileged or host-access workloads.*edge runs privileged, has host access \(hostNetwork\), runs as root/);
    assert.match(edge.reasons.join('\n'), /cannot be known from code/);
    assert.ok(edge.evidence.some((e) => e.kind === 'deployment' && e.file === 'k8s/edge.yaml'));
    assert.match(edge.chains[0].narrative, /become root on the node/);
    assert.match(product(report, 'static-site').reasons[0], /no container or deployment files/);
    assert.match(product(report, 'worker-alpine').mitigations.join('\n'), /runs as a non-root user/);
  });

  it('OpenSSL (CVE 5, letter releases): distribution packages matched by upstream version, images flagged', async () => {
    const report = await ir('cve5/CVE-2024-5535.json');
    const edge = product(report, 'edge-proxy');
    assert.equal(edge.verdict, 'affected');
    assert.match(edge.reasons.join('\n'), /openssl 3\.0\.11-1~deb12u2 \(upstream 3\.0\.11\).*fixed in 3\.0\.15.*backport/);
    const worker = product(report, 'worker-alpine');
    assert.equal(worker.verdict, 'affected');
    assert.equal(worker.fix[0].fixed, '3.1.7');
    assert.equal(product(report, 'admin-portal').verdict, 'unknown');
    assert.match(product(report, 'admin-portal').reasons.join('\n'), /node:20\.11-alpine.*Node\.js also bundles its own OpenSSL/);
  });

  it('free text: glibc is not in Alpine images; unknown names are said to be unknown', async () => {
    const glibc = await ir('glibc');
    assert.equal(product(glibc, 'worker-alpine').verdict, 'not-affected');
    assert.equal(product(glibc, 'admin-portal').verdict, 'not-affected');
    assert.match(product(glibc, 'admin-portal').reasons.join('\n'), /Alpine, which uses musl libc, not glibc/);
    assert.equal(product(glibc, 'edge-proxy').verdict, 'affected');
    const unknown = await ir('the billing vendor had a breach');
    assert.ok(unknown.products.every((p) => p.verdict === 'unknown'));
    assert.match(unknown.products[0].reasons[0], /cannot map to a package or system component/);
  });

  it('every verdict kind occurs, and every product carries the fields responders need', async () => {
    const kinds = new Set<Verdict>();
    for (const report of reports.values()) {
      for (const p of report.products) {
        kinds.add(p.verdict);
        for (const key of ['product', 'verdict', 'reasons', 'evidence', 'chains', 'owners', 'fix'] as const) assert.ok(key in p, `${p.slug} lacks ${key}`);
        assert.ok(p.reasons.length > 0, `${p.slug} has reasons`);
      }
    }
    assert.deepEqual([...kinds].sort(), ['affected', 'exploitable', 'not-affected', 'present-not-reachable', 'unknown']);
  });
});
