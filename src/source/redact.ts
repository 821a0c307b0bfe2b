/**
 * Credentials embedded in repository URLs (`https://user:token@host/...`, `https://token@host/...`)
 * must never reach a message, a model or a log. For http-like schemes the whole user-info part is
 * removed (a lone "user" is often a token); for ssh-like schemes the user name is kept (`git@` is
 * not a secret) and only a password is removed.
 */

const SSH_SCHEMES = new Set(['ssh', 'git+ssh', 'ssh+git']);

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#@]+)@/gi;

function replaceUserInfo(_match: string, scheme: string, userInfo: string): string {
  if (SSH_SCHEMES.has(scheme.toLowerCase())) {
    const user = userInfo.split(':')[0];
    return `${scheme}://${user}@`;
  }
  return `${scheme}://`;
}

/** Removes credentials from every URL inside free text (git's stderr, error messages). */
export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, replaceUserInfo);
}

/** A repository URL fit for display and for models: credentials, query and fragment removed. */
export function redactUrl(url: string): string {
  const stripped = redactCredentials(url.trim());
  if (/^https?:\/\//i.test(stripped)) return stripped.replace(/[?#].*$/, '');
  return stripped;
}
