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
  /** Issue trackers for `threatcode tickets`; absent when the file has no `trackers:` section. */
  trackers?: TrackersConfig;
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

/** `.threatcode.yml` `trackers:` — where `threatcode tickets` files tickets. Tokens never live here. */
export interface TrackersConfig {
  /** Lowest severity that gets a ticket (default high). */
  minSeverity?: 'critical' | 'high' | 'medium' | 'low';
  /** Reopen tickets closed as done whose threat is still present (default true); false: comment only. */
  reopen?: boolean;
  /** Run the pre-flight before a catalog update when a tracker is configured (default true). */
  preflight?: boolean;
  jira?: JiraTrackerConfig;
  github?: GithubTrackerConfig;
}

export interface JiraTrackerConfig {
  /** `https://acme.atlassian.net` */
  baseUrl?: string;
  /** Account e-mail for API-token basic auth (not a secret; the token comes from JIRA_API_TOKEN). */
  email?: string;
  /** Project key, e.g. `SEC`. */
  project?: string;
  /** Issue type name (default `Bug`). */
  issueType?: string;
  /** Extra labels on every ticket. */
  labels: string[];
  /** Transition names; default: found by the target status category (done / to-do). */
  doneTransition?: string;
  reopenTransition?: string;
  /** Severity → Jira priority name (default Highest, High, Medium, Low). */
  priorities: Partial<Record<'critical' | 'high' | 'medium' | 'low', string>>;
  /** Owner (`@team`, e-mail) → Jira accountId. */
  assignees: Record<string, string>;
}

export interface GithubTrackerConfig {
  /** `owner/name`. */
  repo?: string;
  /** REST API base (default https://api.github.com; GitHub Enterprise: https://host/api/v3). */
  apiUrl?: string;
  labels: string[];
  /** Owner (`@team`, e-mail) → GitHub login; `@login` owners are used as they are. */
  assignees: Record<string, string>;
}
