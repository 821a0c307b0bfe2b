export { FactCache } from './fact-cache.js';
export type { CachedFacts, FactCacheReport, FactCacheSettings } from './fact-cache.js';
export { defaultFactCacheDir } from './paths.js';
export { extractorSetFingerprint, CACHE_FORMAT } from './fingerprint.js';
