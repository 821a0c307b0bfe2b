// CycloneDX 1.5 JSON SBOM of the model's dependencies (DESIGN §3.2: "a CycloneDX SBOM beside it").
// Deterministic: no timestamp, a serial number derived from product and commit, everything sorted,
// so the same commit gives the same bytes and SBOMs diff cleanly in the catalog.
import { purlFor, splitNpmName } from '../extract/deps/_lib/purl.js';
import { redactUrlCredentials } from '../extract/deps/_lib/redact.js';
import { stableId } from '../model/ids.js';
import type { Dependency, ThreatModel } from '../model/types.js';

export const CYCLONEDX_SPEC_VERSION = '1.5';

export interface CdxProperty {
  name: string;
  value: string;
}

export type CdxScope = 'required' | 'optional' | 'excluded';

export interface CdxComponent {
  type: 'application' | 'library';
  'bom-ref': string;
  group?: string;
  name: string;
  version?: string;
  scope?: CdxScope;
  purl?: string;
  externalReferences?: { type: 'vcs'; url: string }[];
  properties?: CdxProperty[];
}

export interface CdxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: {
    tools: { components: { type: 'application'; name: string; version: string }[] };
    component: CdxComponent;
  };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

/** What the model's dependency scopes mean at run time, in CycloneDX terms. */
function cdxScope(scope: string | undefined): CdxScope | undefined {
  if (scope === 'dev') return 'excluded';
  if (scope === 'optional') return 'optional';
  if (scope === 'prod' || scope === 'peer') return 'required';
  return undefined;
}

const SCOPE_RANK: Record<CdxScope, number> = { required: 3, optional: 2, excluded: 1 };

/** `@scope/name` → group `@scope`; `group:artifact` (Maven) → group `group`; others have no group. */
function splitName(dep: Dependency): { group?: string; name: string } {
  if (dep.ecosystem === 'npm') {
    const { scope, name } = splitNpmName(dep.name);
    return scope ? { group: scope, name } : { name };
  }
  if ((dep.ecosystem === 'maven' || dep.ecosystem === 'gradle') && dep.name.includes(':')) {
    const [group, name] = dep.name.split(':', 2);
    return { group, name };
  }
  return { name: dep.name };
}

/** Components of one purl, merged: several components and manifests can use the same package. */
interface Merged {
  purl: string;
  first: Dependency;
  exact: boolean;
  direct: boolean;
  scope?: CdxScope;
  /** Unknown scope somewhere: nothing can be said for sure. */
  scopeUnknown: boolean;
  components: Set<string>;
  manifests: Set<string>;
  ranges: Set<string>;
}

function purlOf(dep: Dependency): { purl: string; exact: boolean } {
  const purl = dep.purl ?? purlFor(dep.ecosystem, dep.name, dep.version);
  // A purl with an `@version` names a release; without one, the model only knows a declared range.
  const core = purl.split('#')[0].split('?')[0];
  return { purl, exact: core.lastIndexOf('@') > core.lastIndexOf('/') };
}

function mergeDependencies(dependencies: readonly Dependency[]): Merged[] {
  const byPurl = new Map<string, Merged>();
  for (const dep of dependencies) {
    const { purl, exact } = purlOf(dep);
    let merged = byPurl.get(purl);
    if (!merged) {
      merged = { purl, first: dep, exact, direct: false, scopeUnknown: false, components: new Set(), manifests: new Set(), ranges: new Set() };
      byPurl.set(purl, merged);
    }
    merged.direct ||= dep.direct;
    const scope = cdxScope(dep.scope);
    if (!scope) merged.scopeUnknown = true;
    else if (!merged.scope || SCOPE_RANK[scope] > SCOPE_RANK[merged.scope]) merged.scope = scope;
    if (dep.component) merged.components.add(dep.component);
    if (dep.manifest) merged.manifests.add(dep.manifest);
    if (!exact && dep.version) merged.ranges.add(dep.version);
  }
  return [...byPurl.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}

function sortedProperties(properties: CdxProperty[]): CdxProperty[] {
  return properties.sort((a, b) => (a.name === b.name ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.name < b.name ? -1 : 1));
}

function toComponent(merged: Merged): CdxComponent {
  const { group, name } = splitName(merged.first);
  const component: CdxComponent = { type: 'library', 'bom-ref': merged.purl, ...(group ? { group } : {}), name };
  if (merged.exact) component.version = merged.first.version;
  // A package that is required anywhere is required; unknown anywhere leaves the default unsaid.
  if (merged.scope && (merged.scope === 'required' || !merged.scopeUnknown)) component.scope = merged.scope;
  component.purl = merged.purl;
  const properties: CdxProperty[] = [{ name: 'threatcode:direct', value: String(merged.direct) }];
  for (const id of merged.components) properties.push({ name: 'threatcode:component', value: id });
  for (const manifest of merged.manifests) properties.push({ name: 'threatcode:manifest', value: manifest });
  for (const range of merged.ranges) properties.push({ name: 'threatcode:versionRange', value: range });
  component.properties = sortedProperties(properties);
  return component;
}

/** A repository address as a VCS reference: only real URLs, never with credentials. */
function vcsReference(repository: string | undefined): { type: 'vcs'; url: string }[] | undefined {
  if (!repository || !/^(?:https?|ssh|git(?:\+ssh|\+https)?):\/\/[^\s]+$/.test(repository)) return undefined;
  return [{ type: 'vcs', url: redactUrlCredentials(repository) }];
}

export function buildSbom(model: ThreatModel): CdxBom {
  const { product } = model;
  const productRef = `product:${product.name}`;
  const metadataComponent: CdxComponent = { type: 'application', 'bom-ref': productRef, name: product.name };
  if (product.commit) metadataComponent.version = product.commit;
  const vcs = vcsReference(product.repository);
  if (vcs) metadataComponent.externalReferences = vcs;

  const merged = mergeDependencies(model.dependencies);
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber: `urn:uuid:${stableId('sbom', `${product.name}\u0000${product.commit ?? ''}`)}`,
    version: 1,
    metadata: {
      tools: { components: [{ type: 'application', name: model.generator.name, version: model.generator.version }] },
      component: metadataComponent,
    },
    components: merged.map(toComponent),
    dependencies: [{ ref: productRef, dependsOn: merged.filter((m) => m.direct).map((m) => m.purl) }],
  };
}

/** The SBOM as written to `sbom.cdx.json`. */
export function renderSbom(model: ThreatModel): string {
  return `${JSON.stringify(buildSbom(model), null, 2)}\n`;
}
