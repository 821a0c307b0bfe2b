export { resolveSource } from './resolve.js';
export type { ResolvedSource, ResolveOptions } from './resolve.js';
export { defaultCacheDir } from './cache.js';
export { redactCredentials, redactUrl } from './redact.js';
export { cacheKey, gitUrlOf, repositoryName } from './url.js';
