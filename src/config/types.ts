import type { Classification, Exposure } from '../model/types.js';

/** `.threatcode.yml`, validated; every list is present (empty when absent or invalid). */
export interface Config {
  product: ProductConfig;
  classification: ClassificationOverride[];
  trustZones: TrustZoneOverride[];
  exposure: ExposureOverride[];
  assumptions: AssumptionConfig[];
  suppressions: Suppression[];
  /** Extra gitignore-syntax patterns for the walk (WalkOptions.extraIgnores). */
  ignore: string[];
  /** Repository-relative name of the file the config came from, when one was found. */
  source?: string;
}

export interface ProductConfig {
  name?: string;
  description?: string;
  repository?: string;
  /** `product.owners` followed by the top-level `owners` shorthand, without duplicates. */
  owners: string[];
}

export interface ClassificationOverride {
  /** Asset or data-model name, or a glob over names. */
  match: string;
  classification: Classification;
}

export interface TrustZoneOverride {
  /** Component name or path glob. */
  match: string;
  zone: string;
}

export interface ExposureOverride {
  match: string;
  exposure: Exposure;
}

export interface AssumptionConfig {
  content: string;
  /** Rule ids or threat ids the assumption bears on. */
  threats: string[];
}

export interface Suppression {
  /** Rule id (or a glob over rule ids). */
  rule?: string;
  /** Threat id (UUID). */
  threat?: string;
  /** Globs over evidence files; when present, at least one evidence file must match. */
  paths: string[];
  reason: string;
  /** Last day (YYYY-MM-DD, inclusive) the suppression applies. */
  expires?: string;
}

export function emptyConfig(): Config {
  return { product: { owners: [] }, classification: [], trustZones: [], exposure: [], assumptions: [], suppressions: [], ignore: [] };
}
