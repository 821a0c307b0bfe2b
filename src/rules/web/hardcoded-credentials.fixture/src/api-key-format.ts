// The format of the keys this service issues: every key starts with the prefix, the rest is random.
// ok: hardcoded-credentials
const PREFIX_LEGACY_API_KEY = 'acme_api_';
// ok: hardcoded-credentials
const prefixServiceToken = 'svc_tok_';

export function isLegacyKey(key: string): boolean {
  return key.startsWith(PREFIX_LEGACY_API_KEY) || key.startsWith(prefixServiceToken);
}
