import { createHash } from 'node:crypto';
import { redactUrl } from './redact.js';

/** URL schemes git can clone from that we accept (`ext::` and other remote helpers are refused). */
const URL_SCHEME = /^(https?|ssh|git|file|git\+ssh|ssh\+git):\/\/./i;
/** scp-like ssh syntax: `user@host:path` (a user is required so `C:\dir` or `a:b` stay paths). */
const SCP_LIKE = /^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!\/\/)\S+$/;
/** `github.com/owner/repo` typed without a scheme. */
const BARE_HOST = /^(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/[^\s/]+\/[^\s]+$/i;

/**
 * The clone URL for a spec that is a git URL, or null. Only URL-shaped specs are recognised here;
 * local directories (including bare repositories) are decided by looking at the disk.
 */
export function gitUrlOf(spec: string): string | null {
  const value = spec.trim();
  if (value.length === 0 || /[\s\0]/.test(value) || value.startsWith('-')) return null;
  if (URL_SCHEME.test(value)) return value;
  if (SCP_LIKE.test(value)) return value;
  if (BARE_HOST.test(value)) return `https://${value}`;
  return null;
}

/** Whether a spec looks like a URL at all (then it is never tried as a local path). */
export function hasUrlScheme(spec: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(spec.trim()) || /^[A-Za-z][A-Za-z0-9+.-]*::/.test(spec.trim());
}

function pathOfUrl(url: string): string {
  if (SCP_LIKE.test(url) && !URL_SCHEME.test(url)) return url.slice(url.indexOf(':') + 1);
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url.replace(/^[a-z+]+:\/\/[^/]*/i, '');
  }
}

/** Repository name from a URL or path: last path segment without `.git` (`o/r.git` → `r`). */
export function repositoryName(urlOrPath: string): string {
  const path = pathOfUrl(urlOrPath).replace(/[/\\]+$/, '');
  const last = path.split(/[/\\]/).pop() ?? '';
  const name = last.replace(/\.git$/i, '');
  if (name) return name;
  try {
    return new URL(urlOrPath).hostname || 'repository';
  } catch {
    return 'repository';
  }
}

/** The same repository written with or without `.git` / a trailing slash maps to one cache entry. */
export function normaliseForCache(url: string): string {
  return redactUrl(url)
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/^([a-z+]+:\/\/[^/]+)/i, (host) => host.toLowerCase());
}

/** `<slug>-<hash>`: readable, and unique per repository and ref. */
export function cacheKey(url: string, ref?: string): string {
  const slug =
    repositoryName(url)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 48) || 'repository';
  const hash = createHash('sha256')
    .update(normaliseForCache(url))
    .update(ref ? `\n${ref}` : '')
    .digest('hex')
    .slice(0, 16);
  return `${slug}-${hash}`;
}
