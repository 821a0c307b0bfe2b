export { loadConfig, CONFIG_FILES, MAX_CONFIG_BYTES } from './load.js';
export type { LoadedConfig } from './load.js';
export { matchSuppression, todayIso } from './suppress.js';
export type { SuppressionMatch, SuppressionTarget } from './suppress.js';
export { emptyConfig } from './types.js';
export type {
  AssumptionConfig,
  ClassificationOverride,
  Config,
  ExposureOverride,
  GithubTrackerConfig,
  JiraTrackerConfig,
  ProductConfig,
  Suppression,
  TrackersConfig,
  TrustZoneOverride,
} from './types.js';
