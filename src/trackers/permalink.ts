// Links into the scanned repository's web UI at the exact commit the model was built from, so a
// ticket's evidence still points at the right line after the code moves on.

export interface RepoWeb {
  web: string;
  host: 'github' | 'gitlab' | 'bitbucket';
}

/** `https://github.com/acme/shop.git`, `git@github.com:acme/shop.git`, `ssh://git@host/acme/shop` → web URL. */
export function repoWeb(repository: string | undefined): RepoWeb | undefined {
  if (!repository) return undefined;
  let url = repository.trim();
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(url);
  if (scp) url = `https://${scp[1]}/${scp[2]}`;
  url = url.replace(/^ssh:\/\/(?:[^@/]+@)?/, 'https://').replace(/^git:\/\//, 'https://');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const path = parsed.pathname.replace(/\.git$/, '').replace(/\/+$/, '');
  if (path.split('/').filter(Boolean).length < 2) return undefined;
  // Credentials in a clone URL never reach a ticket.
  const web = `${parsed.protocol}//${parsed.host}${path}`;
  const host = /gitlab/i.test(parsed.hostname) ? 'gitlab' : /bitbucket/i.test(parsed.hostname) ? 'bitbucket' : 'github';
  return { web, host };
}

const encodePath = (file: string) => file.split('/').map(encodeURIComponent).join('/');

export function fileLink(repo: RepoWeb, commit: string, file: string, line: number, endLine?: number): string {
  const end = endLine && endLine > line ? endLine : undefined;
  switch (repo.host) {
    case 'gitlab':
      return `${repo.web}/-/blob/${commit}/${encodePath(file)}#L${line}${end ? `-${end}` : ''}`;
    case 'bitbucket':
      return `${repo.web}/src/${commit}/${encodePath(file)}#lines-${line}${end ? `:${end}` : ''}`;
    default:
      return `${repo.web}/blob/${commit}/${encodePath(file)}#L${line}${end ? `-L${end}` : ''}`;
  }
}

export function commitLink(repo: RepoWeb, commit: string): string {
  return repo.host === 'gitlab' ? `${repo.web}/-/commit/${commit}` : repo.host === 'bitbucket' ? `${repo.web}/commits/${commit}` : `${repo.web}/commit/${commit}`;
}
