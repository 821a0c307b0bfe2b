/**
 * Removes credentials from URLs inside a dependency spec or version: git and tarball URLs in
 * manifests and lockfiles sometimes carry tokens (`https://user:ghp_xxx@github.com/...`,
 * `?token=...`). Facts and every output derived from them must never carry a secret.
 */
export function redactUrlCredentials(value: string): string {
  if (!value.includes('@') && !value.includes('=')) return value;
  return value
    // `git@host` names the ssh user, not a secret; any other user info may be a token.
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s"']+)@/gi, (all, scheme: string, user: string) => (user === 'git' ? all : `${scheme}****@`))
    .replace(/([?&](?:access_?token|auth|token|key|password|secret|sig|signature)=)[^&#\s"']+/gi, '$1****');
}
