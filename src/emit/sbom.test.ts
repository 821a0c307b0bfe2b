import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { UUID_PATTERN } from '../model/ids.js';
import { type Dependency, MODEL_SCHEMA, type ThreatModel } from '../model/types.js';
import { buildSbom, type CdxComponent, renderSbom } from './sbom.js';

const API = 'comp-api';
const WEB = 'comp-web';

function model(dependencies: Dependency[], product: Partial<ThreatModel['product']> = {}): ThreatModel {
  return {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: '0.1.0' },
    product: { name: 'shop', commit: '0123456789abcdef0123456789abcdef01234567', languages: ['typescript'], owners: [], ...product },
    components: [],
    flows: [],
    trustBoundaries: [],
    entryPoints: [],
    assets: [],
    dependencies,
    threats: [],
    mitigations: [],
    assumptions: [],
    killChains: [],
    diagnostics: [],
  };
}

const dep = (d: Partial<Dependency> & Pick<Dependency, 'name' | 'version'>): Dependency => ({
  ecosystem: 'npm',
  direct: false,
  component: API,
  manifest: 'package-lock.json',
  ...d,
});

const SHOP: Dependency[] = [
  dep({ name: 'express', version: '4.18.2', direct: true, scope: 'prod', purl: 'pkg:npm/express@4.18.2' }),
  dep({ name: '@types/node', version: '20.12.7', scope: 'dev', purl: 'pkg:npm/%40types/node@20.12.7' }),
  dep({ name: 'debug', version: '2.6.9', scope: 'prod', purl: 'pkg:npm/debug@2.6.9' }),
  // The same release used by two components: one SBOM component, both owners listed.
  dep({ name: 'debug', version: '2.6.9', scope: 'dev', component: WEB, manifest: 'web/yarn.lock', direct: true, purl: 'pkg:npm/debug@2.6.9' }),
  dep({ name: 'fsevents', version: '2.3.3', scope: 'optional', purl: 'pkg:npm/fsevents@2.3.3' }),
  dep({ name: 'left-pad', version: '^1.3.0', direct: true, scope: 'dev', manifest: 'tools/package.json', purl: 'pkg:npm/left-pad' }),
  // No purl in the fact (another ecosystem's extractor): one is formed.
  dep({ ecosystem: 'pypi', name: 'Django_REST', version: '3.15.1', direct: true, manifest: 'requirements.txt', component: 'comp-py' }),
  dep({ ecosystem: 'maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', direct: true, scope: 'prod', manifest: 'pom.xml', component: 'comp-java' }),
];

const byRef = (components: CdxComponent[]) => new Map(components.map((c) => [c['bom-ref'], c]));
const prop = (c: CdxComponent | undefined, name: string) => c?.properties?.filter((p) => p.name === name).map((p) => p.value);

test('document header: CycloneDX 1.5, deterministic serial number, no timestamp', () => {
  const bom = buildSbom(model(SHOP));
  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.equal(bom.specVersion, '1.5');
  assert.equal(bom.version, 1);
  assert.match(bom.serialNumber, /^urn:uuid:/);
  assert.match(bom.serialNumber.slice(9), UUID_PATTERN);
  assert.equal(buildSbom(model([])).serialNumber, bom.serialNumber, 'same product and commit, same serial');
  assert.notEqual(buildSbom(model(SHOP, { commit: 'ffff' })).serialNumber, bom.serialNumber);
  assert.equal('timestamp' in bom.metadata, false);
  assert.deepEqual(bom.metadata.tools, { components: [{ type: 'application', name: 'threatcode', version: '0.1.0' }] });
  assert.deepEqual(bom.metadata.component, {
    type: 'application',
    'bom-ref': 'product:shop',
    name: 'shop',
    version: '0123456789abcdef0123456789abcdef01234567',
  });
  const text = renderSbom(model(SHOP));
  assert.equal(text, renderSbom(model([...SHOP].reverse())), 'input order does not matter');
  assert.ok(text.endsWith('}\n'));
});

test('components: sorted by purl, bom-ref = purl, group/name split, scope, properties', () => {
  const { components } = buildSbom(model(SHOP));
  const refs = components.map((c) => c['bom-ref']);
  assert.deepEqual(refs, [...refs].sort());
  assert.deepEqual(refs, [
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    'pkg:npm/%40types/node@20.12.7',
    'pkg:npm/debug@2.6.9',
    'pkg:npm/express@4.18.2',
    'pkg:npm/fsevents@2.3.3',
    'pkg:npm/left-pad',
    'pkg:pypi/django-rest@3.15.1',
  ]);
  const map = byRef(components);
  assert.deepEqual(map.get('pkg:npm/%40types/node@20.12.7'), {
    type: 'library',
    'bom-ref': 'pkg:npm/%40types/node@20.12.7',
    group: '@types',
    name: 'node',
    version: '20.12.7',
    scope: 'excluded',
    purl: 'pkg:npm/%40types/node@20.12.7',
    properties: [
      { name: 'threatcode:component', value: API },
      { name: 'threatcode:direct', value: 'false' },
      { name: 'threatcode:manifest', value: 'package-lock.json' },
    ],
  });
  const debug = map.get('pkg:npm/debug@2.6.9');
  assert.equal(debug?.scope, 'required', 'required by one component wins over dev in another');
  assert.deepEqual(prop(debug, 'threatcode:component'), [API, WEB]);
  assert.deepEqual(prop(debug, 'threatcode:direct'), ['true']);
  assert.deepEqual(prop(debug, 'threatcode:manifest'), ['package-lock.json', 'web/yarn.lock']);
  assert.equal(map.get('pkg:npm/fsevents@2.3.3')?.scope, 'optional');
  // A declared range is not a version: no version field, the range as a property.
  const leftPad = map.get('pkg:npm/left-pad');
  assert.equal(leftPad?.version, undefined);
  assert.deepEqual(prop(leftPad, 'threatcode:versionRange'), ['^1.3.0']);
  const log4j = map.get('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
  assert.equal(log4j?.group, 'org.apache.logging.log4j');
  assert.equal(log4j?.name, 'log4j-core');
  // Unknown scope: left unsaid (CycloneDX then means "required").
  assert.equal(map.get('pkg:pypi/django-rest@3.15.1')?.scope, undefined);
});

test('dependencies: the product depends on the direct packages', () => {
  const bom = buildSbom(model(SHOP));
  assert.deepEqual(bom.dependencies, [
    {
      ref: 'product:shop',
      dependsOn: [
        'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        'pkg:npm/debug@2.6.9',
        'pkg:npm/express@4.18.2',
        'pkg:npm/left-pad',
        'pkg:pypi/django-rest@3.15.1',
      ],
    },
  ]);
  const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
  for (const d of bom.dependencies) for (const r of [d.ref, ...d.dependsOn]) assert.ok(refs.has(r), `dangling ref ${r}`);
});

test('product without a commit; repository as a VCS reference without credentials', () => {
  const bom = buildSbom(model([], { commit: undefined, repository: 'https://ci:ghp_secret@github.com/acme/shop.git' }));
  assert.equal(bom.metadata.component.version, undefined);
  assert.deepEqual(bom.metadata.component.externalReferences, [{ type: 'vcs', url: 'https://****@github.com/acme/shop.git' }]);
  assert.equal(JSON.stringify(bom).includes('ghp_secret'), false);
  assert.equal(buildSbom(model([], { repository: '/home/me/shop' })).metadata.component.externalReferences, undefined);
  assert.deepEqual(buildSbom(model([])).components, []);
});

// Structural rules of CycloneDX 1.5 that hold whether or not the official schema is installed.
function assertCycloneDx15(bom: unknown): void {
  const doc = bom as Record<string, unknown>;
  assert.equal(doc.bomFormat, 'CycloneDX');
  assert.equal(doc.specVersion, '1.5');
  assert.match(String(doc.serialNumber), /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.ok(Number.isInteger(doc.version) && (doc.version as number) >= 1);
  const types = new Set(['application', 'framework', 'library', 'container', 'platform', 'operating-system', 'device', 'device-driver', 'firmware', 'file', 'machine-learning-model', 'data']);
  const components = [(doc.metadata as { component: CdxComponent }).component, ...(doc.components as CdxComponent[])];
  const seen = new Set<string>();
  for (const c of components) {
    assert.ok(types.has(c.type), `component type ${c.type}`);
    assert.equal(typeof c.name, 'string');
    assert.ok(c.name.length > 0);
    assert.ok(!seen.has(c['bom-ref']), `bom-ref ${c['bom-ref']} is unique`);
    seen.add(c['bom-ref']);
    if (c.scope) assert.ok(['required', 'optional', 'excluded'].includes(c.scope));
    if (c.purl) assert.match(c.purl, /^pkg:[a-z.+-]+\/\S+$/);
    for (const p of c.properties ?? []) assert.deepEqual(Object.keys(p).sort(), ['name', 'value']);
  }
}

test('structure follows the CycloneDX 1.5 rules', () => {
  assertCycloneDx15(JSON.parse(renderSbom(model(SHOP))));
  assertCycloneDx15(JSON.parse(renderSbom(model([], { commit: undefined }))));
});

/**
 * The official CycloneDX 1.5 JSON schema, as shipped by @cyclonedx/cyclonedx-library (Apache-2.0).
 * It is not a dependency of threatcode: the test runs when the package can be resolved (installed,
 * or on NODE_PATH) and is skipped otherwise.
 */
function officialSchemas(): { bom: object; refs: { url: string; schema: object }[] } | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
    const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as object;
    if (!existsSync(join(dir, 'bom-1.5.SNAPSHOT.schema.json'))) return undefined;
    const refs = ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json'].map((name) => ({ url: `http://cyclonedx.org/schema/${name}`, schema: read(name) }));
    return { bom: read('bom-1.5.SNAPSHOT.schema.json'), refs };
  } catch {
    return undefined;
  }
}

const schemas = officialSchemas();

test('validates against the official CycloneDX 1.5 JSON schema', { skip: schemas ? false : '@cyclonedx/cyclonedx-library is not installed' }, () => {
  assert.ok(schemas);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // Formats the schema names; the document's strings are checked by the structural test above.
  for (const format of ['iri-reference', 'idn-email', 'email', 'date-time', 'uri', 'uri-reference', 'iri']) ajv.addFormat(format, true);
  // The bom schema refers to its siblings by file name: register them under those addresses.
  for (const { url, schema } of schemas.refs) ajv.addSchema({ ...schema, $id: url });
  const validate = ajv.compile(schemas.bom);
  for (const bom of [buildSbom(model(SHOP)), buildSbom(model([], { commit: undefined, repository: 'https://github.com/acme/shop' }))]) {
    const valid = validate(JSON.parse(JSON.stringify(bom)));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  }
  // The validator is real: a wrong scope fails.
  const broken = JSON.parse(renderSbom(model(SHOP))) as { components: { scope: string }[] };
  broken.components[0].scope = 'dev';
  assert.equal(validate(broken), false);
});
