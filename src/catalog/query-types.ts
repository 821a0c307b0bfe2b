// Shapes of the derived query index (`.index/`): small per-product profiles and per-package rows,
// so incident response over 1,000 products reads kilobytes, not every model.json.
import type { AuthLevel, ComponentKind, Exposure, Severity } from '../model/types.js';
import type { ReachDeployment, ReachImport, ReachOwnerRule } from './reach-types.js';

export const QUERY_SCHEMA = 'threatcode.query-index/v2';

export interface ProfileEntryPoint {
  label: string;
  exposure: Exposure;
  auth: AuthLevel;
  component: string;
  /** Tagged `rate-limited` by the route extractor. */
  rateLimited?: boolean;
  file?: string;
  line?: number;
}

export interface ProfileChain {
  id: string;
  entry: string;
  target: string;
  severity: Severity;
  likelihood: number;
  narrative: string;
  /** Components the chain's steps touch (through its threats' elements). */
  components: string[];
  /** Files its evidence cites. */
  files: string[];
  breakWith?: string;
}

/** Everything about a product that verdicts need besides its packages. */
export interface Profile {
  slug: string;
  name: string;
  version: number;
  publishedAt: string;
  commit?: string;
  repository?: string;
  owners: string[];
  exposure: Exposure;
  importsAnalysed: string[];
  components: Record<string, { name: string; kind: ComponentKind; exposure: Exposure }>;
  entryPoints: Record<string, ProfileEntryPoint>;
  flows: { from: string; to: string; data: string[] }[];
  assets: { name: string; classification: string; storedIn: string[] }[];
  killChains: ProfileChain[];
  deployments: ReachDeployment[];
  images: { name: string; version: string; manifest: string; component: string; scope?: string; line?: number }[];
  codeowners: ReachOwnerRule[] | null;
  /** Mitigations the model marks implemented or in progress. */
  mitigations: { title: string; status: string }[];
}

/** A dependency row: [ecosystem, name, version, direct, scope, manifest, component, lockLine]. */
export type DepRow = [string, string, string, 0 | 1, string, string, string, number];

/** A manifest declaration row: [file, line, declared range, scope, blame author, blame commit]. */
export type DeclRow = [string, number, string, string, string, string];

/** Everything one product has for one package key. */
export interface PackageRow {
  s: string;
  deps: DepRow[];
  imports: ReachImport[];
  decls: DeclRow[];
}

export interface MetaProduct {
  name: string;
  version: number;
  publishedAt: string;
  owners: string[];
  exposure: Exposure;
  commit?: string;
  /** File stamps the index was built from; any change makes the product stale. */
  stamp: string;
  /** Byte range of the product's profile in profiles.jsonl. */
  profile: [number, number];
}

export interface QueryMeta {
  schema: typeof QUERY_SCHEMA;
  products: Record<string, MetaProduct>;
}
