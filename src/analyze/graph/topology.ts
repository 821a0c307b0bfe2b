// Read-only questions the attack-graph builder asks of the model: which stores a component uses,
// which components it can reach, where a threat sits (component and entry point).
import type { Asset, Classification, Component, EntryPoint, Evidence, Flow, Threat } from '../../model/types.js';
import { stableId } from '../../model/ids.js';
import type { GraphInput } from './types.js';

/** The builder's external entity for request-controlled URLs (src/model/build/connections.ts). */
const ANY_URL = stableId('component', 'external:user-supplied-url');

const STORE_KINDS = new Set<Component['kind']>(['datastore', 'queue', 'storage']);
const SERVER_KINDS = new Set<Component['kind']>(['service', 'function', 'datastore', 'queue', 'storage']);
const NETWORK_ENTRY = new Set<EntryPoint['kind']>(['http', 'grpc', 'graphql', 'websocket']);

export const CLASS_VALUE: Record<Classification, number> = { public: 0.1, internal: 0.45, confidential: 0.8, restricted: 1 };
const CLASS_RANK: Record<Classification, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

/** Appends to a list in a map of lists (in place: copying on every append is quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where a threat sits: its component and, when one is in front of it, the entry point. */
export interface Site {
  component: Component;
  entryPoint?: EntryPoint;
}

export class Topology {
  readonly components: Map<string, Component>;
  private readonly names = new Map<string, string>();
  private readonly flowsFrom = new Map<string, Flow[]>();
  private readonly entriesOf = new Map<string, EntryPoint[]>();
  private readonly entriesById: Map<string, EntryPoint>;
  private readonly flowsById: Map<string, Flow>;
  private readonly entriesByFile = new Map<string, EntryPoint[]>();
  private readonly assetsByStore = new Map<string, Asset[]>();

  constructor(readonly model: GraphInput) {
    this.components = new Map(model.components.map((c) => [c.id, c]));
    const seen = new Map<string, number>();
    for (const c of model.components) seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
    for (const c of model.components) this.names.set(c.id, (seen.get(c.name) ?? 0) > 1 ? `${c.name}#${c.id.slice(0, 8)}` : c.name);
    for (const f of model.flows) pushTo(this.flowsFrom, f.from, f);
    for (const e of model.entryPoints) {
      pushTo(this.entriesOf, e.component, e);
      const files = new Set([...e.evidence.map((x) => x.file), ...(e.handler ? [e.handler.file] : [])]);
      for (const file of files) pushTo(this.entriesByFile, file, e);
    }
    for (const a of model.assets) for (const s of a.storedIn) pushTo(this.assetsByStore, s, a);
    this.entriesById = new Map(model.entryPoints.map((e) => [e.id, e]));
    this.flowsById = new Map(model.flows.map((f) => [f.id, f]));
  }

  /** A short unique name for state ids: the component name, disambiguated when names repeat. */
  nameOf(id: string): string {
    return this.names.get(id) ?? id;
  }

  isStore(c: Component): boolean {
    return STORE_KINDS.has(c.kind);
  }

  isServerSide(c: Component): boolean {
    return SERVER_KINDS.has(c.kind) && c.exposure !== 'none';
  }

  /** A folder or embedded database on the component's own disk: no credentials, no network. */
  isLocalStore(c: Component): boolean {
    return this.isStore(c) && c.tech.some((t) => /^file storage$|embedded/i.test(t));
  }

  /** Managed cloud object stores answer on a public API: credentials alone reach them. */
  isCloudService(c: Component): boolean {
    return c.kind === 'storage' && c.tech.some((t) => /\b(s3|gcs|google cloud storage|azure|blob|r2|minio)\b/i.test(t)) && !c.tech.some((t) => /minio:/i.test(t));
  }

  flowsOf(id: string): Flow[] {
    return this.flowsFrom.get(id) ?? [];
  }

  flow(id: string): Flow | undefined {
    return this.flowsById.get(id);
  }

  /** Data stores, queues and buckets the component connects to. */
  storesOf(id: string): { store: Component; flow: Flow }[] {
    return this.flowsOf(id)
      .map((flow) => ({ flow, store: this.components.get(flow.to) }))
      .filter((x): x is { store: Component; flow: Flow } => x.store !== undefined && this.isStore(x.store));
  }

  /** Named third parties the component calls (not the pseudo-external "any URL" of an SSRF sink). */
  externalsOf(id: string): { external: Component; flow: Flow }[] {
    return this.flowsOf(id)
      .map((flow) => ({ flow, external: this.components.get(flow.to) }))
      .filter((x): x is { external: Component; flow: Flow } => x.external !== undefined && x.external.kind === 'external' && x.external.id !== ANY_URL);
  }

  /** Components that use the store (flows into it). */
  usersOf(storeId: string): Component[] {
    return this.model.flows
      .filter((f) => f.to === storeId)
      .map((f) => this.components.get(f.from))
      .filter((c): c is Component => c !== undefined && (c.kind === 'service' || c.kind === 'function'));
  }

  entryPointsOf(id: string): EntryPoint[] {
    return (this.entriesOf.get(id) ?? []).filter((e) => NETWORK_ENTRY.has(e.kind));
  }

  hasAdminRoutes(id: string): boolean {
    return this.entryPointsOf(id).some((e) => e.auth === 'admin' || e.tags.includes('admin-path'));
  }

  hasAuthenticatedRoutes(id: string): boolean {
    return this.entryPointsOf(id).some((e) => e.auth === 'user' || e.auth === 'admin');
  }

  assetsIn(storeId: string): Asset[] {
    return this.assetsByStore.get(storeId) ?? [];
  }

  highestClassification(storeId: string): Classification | undefined {
    let best: Classification | undefined;
    for (const a of this.assetsIn(storeId)) if (!best || CLASS_RANK[a.classification] > CLASS_RANK[best]) best = a.classification;
    return best;
  }

  /** Components `from` talks to (its flows), other than actors and third parties. */
  connectedFrom(from: Component): { target: Component; flow: Flow }[] {
    return this.flowsOf(from.id)
      .map((flow) => ({ flow, target: this.components.get(flow.to) }))
      .filter((x): x is { target: Component; flow: Flow } => x.target !== undefined && x.target.id !== from.id && x.target.kind !== 'actor' && x.target.kind !== 'external');
  }

  /**
   * Components on the deployment network: every server-side component (no network policy is
   * modelled, so one flat network is assumed), managed cloud services excepted.
   */
  onDeploymentNetwork(): Component[] {
    return this.model.components.filter((c) => this.isServerSide(c) && !this.isCloudService(c));
  }

  /** The component whose source folder holds the file (longest matching path). */
  componentOfFile(file: string): Component | undefined {
    let best: Component | undefined;
    let length = -1;
    for (const c of this.model.components) {
      for (const p of c.paths) {
        const root = p === '.' ? '' : p.replace(/\/+$/, '');
        if ((root === '' || file === root || file.startsWith(`${root}/`)) && root.length > length) {
          best = c;
          length = root.length;
        }
      }
    }
    return best;
  }

  /** Entry point in front of a code location: exact evidence or handler line, else the nearest handler above it. */
  entryPointAt(e: Evidence, component?: Component): EntryPoint | undefined {
    const candidates = (this.entriesByFile.get(e.file) ?? []).filter((ep) => !component || ep.component === component.id);
    const exact = candidates.find((ep) => ep.evidence.some((x) => x.file === e.file && x.line === e.line) || (ep.handler?.file === e.file && ep.handler.line === e.line));
    if (exact) return exact;
    let best: EntryPoint | undefined;
    for (const ep of candidates) {
      const line = ep.handler?.file === e.file ? ep.handler.line : ep.evidence.find((x) => x.file === e.file)?.line;
      if (line === undefined || line > e.line) continue;
      const bestLine = best ? (best.handler?.file === e.file ? best.handler.line : best.evidence.find((x) => x.file === e.file)?.line ?? -1) : -1;
      if (line > bestLine || (line === bestLine && best && ep.id < best.id)) best = ep;
    }
    return best;
  }

  /** The places a threat is about: its component elements (with an entry point where one is known). */
  sitesOf(threat: Threat): Site[] {
    const sites: Site[] = [];
    const entryPoints = threat.elements.map((id) => this.entriesById.get(id)).filter((e): e is EntryPoint => e !== undefined);
    for (const ep of entryPoints) {
      const component = this.components.get(ep.component);
      if (component) sites.push({ component, entryPoint: ep });
    }
    const components = threat.elements.map((id) => this.components.get(id)).filter((c): c is Component => c !== undefined);
    if (components.length === 0 && entryPoints.length === 0) {
      const owner = threat.evidence[0] ? this.componentOfFile(threat.evidence[0].file) : undefined;
      if (owner) components.push(owner);
    }
    for (const component of components) {
      if (sites.some((s) => s.component.id === component.id)) continue;
      const ep = threat.architectural || !threat.evidence[0] ? undefined : this.entryPointAt(threat.evidence[0], component);
      sites.push(ep ? { component, entryPoint: ep } : { component });
    }
    return sites;
  }
}
