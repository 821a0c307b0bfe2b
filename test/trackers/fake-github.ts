// A stateful fake of the GitHub Issues REST endpoints threatcode uses, following
// ../shared/research/trackers.md §2: Authorization required (Bearer or token), basic and validation
// error bodies, 201 + Location on create, Link-header pagination (per_page ≤ 100, `next` URLs that
// point at /repositories/{id}/issues so a client must follow them rather than build them), pull
// requests mixed into the list, PATCH state/state_reason semantics (labels replace the whole set),
// rate-limit headers on every response, 403/410 for missing permission / disabled issues.
import { startFake, type FakeServer, type Reply } from './fake-http.js';

export interface GithubIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  comments: { id: number; body: string; user: string; created_at: string }[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pull_request?: { url: string };
  user: string;
}

interface Repo {
  id: number;
  owner: string;
  name: string;
  issues: GithubIssue[];
  labels: Set<string>;
  issuesEnabled: boolean;
}

export interface FakeGithubOptions {
  tokens?: { value: string; write: boolean; login?: string }[];
  repos?: string[];
  collaborators?: string[];
  /** Repositories whose issues are turned off (410). */
  issuesDisabled?: string[];
  /** GitHub caps per_page at 100; tests lower it to exercise Link-header paging with few issues. */
  maxPerPage?: number;
}

const DOCS = 'https://docs.github.com/rest';
const basic = (status: number, message: string): Reply => ({ status, body: { message, documentation_url: DOCS, status: String(status) } });

export interface FakeGithub extends FakeServer {
  repo(fullName: string): Repo;
  human: {
    close(repo: string, number: number, reason?: 'completed' | 'not_planned'): void;
    reopen(repo: string, number: number): void;
    edit(repo: string, number: number, change: Partial<Pick<GithubIssue, 'title' | 'body' | 'labels' | 'assignees'>>): void;
    /** An issue or pull request opened by a person. */
    open(repo: string, issue: { title: string; body?: string; labels?: string[]; pullRequest?: boolean }): GithubIssue;
  };
}

export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const tokens = options.tokens ?? [{ value: 'ghp_faketoken1234567890', write: true, login: 'threatcode-bot' }];
  const collaborators = new Set(options.collaborators ?? ['alice', 'bob', 'threatcode-bot']);
  const repos = new Map<string, Repo>();
  let nextRepoId = 4242;
  for (const full of options.repos ?? ['acme/shop']) {
    const [owner, name] = full.split('/');
    repos.set(full.toLowerCase(), { id: nextRepoId++, owner, name, issues: [], labels: new Set(), issuesEnabled: !(options.issuesDisabled ?? []).includes(full) });
  }
  let nextId = 1_000_000;
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  const now = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let remaining = 5000;
  let base = '';

  const issueJson = (repo: Repo, i: GithubIssue) => {
    const url = `${base}/repos/${repo.owner}/${repo.name}/issues/${i.number}`;
    return {
      id: i.id,
      node_id: Buffer.from(`I_${i.id}`).toString('base64'),
      url,
      repository_url: `${base}/repos/${repo.owner}/${repo.name}`,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `https://github.example/${repo.owner}/${repo.name}/${i.pull_request ? 'pull' : 'issues'}/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: i.state_reason,
      title: i.title,
      body: i.body,
      user: { login: i.user, id: 1, type: 'User', site_admin: false },
      labels: i.labels.map((name, k) => ({ id: 208045946 + k, node_id: 'LA', url: `${base}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`, name, description: null, color: 'd73a4a', default: false })),
      assignee: i.assignees[0] ? { login: i.assignees[0], id: 2, type: 'User' } : null,
      assignees: i.assignees.map((login) => ({ login, id: 2, type: 'User' })),
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: i.comments.length,
      closed_at: i.closed_at,
      closed_by: null,
      created_at: i.created_at,
      updated_at: i.updated_at,
      author_association: 'OWNER',
      ...(i.pull_request ? { pull_request: i.pull_request } : {}),
    };
  };

  const list = (repo: Repo, query: Record<string, string>): Reply => {
    const state = query.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'state', code: 'invalid' }], documentation_url: DOCS } };
    const wanted = (query.labels ?? '').split(',').map((l) => l.trim()).filter(Boolean);
    const perPage = Math.min(options.maxPerPage ?? 100, Math.max(1, Number(query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const direction = query.direction === 'asc' ? 1 : -1;
    const sortKey = query.sort === 'updated' ? 'updated_at' : 'created_at';
    const found = repo.issues
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w.toLowerCase())))
      .sort((a, b) => (a[sortKey] < b[sortKey] ? -direction : a[sortKey] > b[sortKey] ? direction : (a.number - b.number) * direction));
    const last = Math.max(1, Math.ceil(found.length / perPage));
    const link = (p: number) => {
      const params = new URLSearchParams({ ...query, per_page: String(perPage), page: String(p) });
      return `${base}/repositories/${repo.id}/issues?${params.toString()}`;
    };
    const rels = [...(page < last ? [`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []), ...(page > 1 ? [`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`] : [])];
    return { status: 200, body: found.slice((page - 1) * perPage, page * perPage).map((i) => issueJson(repo, i)), headers: rels.length ? { link: rels.join(', ') } : {} };
  };

  const labelNames = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name))) : undefined);

  const server = await startFake(
    (req) => {
      const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      if (!auth) return basic(401, 'Requires authentication');
      const token = tokens.find((t) => auth === `Bearer ${t.value}` || auth === `token ${t.value}`);
      if (!token) return basic(401, 'Bad credentials');
      remaining = Math.max(0, remaining - 1);
      const parts = req.path.split('/').filter(Boolean);
      let repo: Repo | undefined;
      let rest: string[];
      if (parts[0] === 'repositories') {
        repo = [...repos.values()].find((r) => String(r.id) === parts[1]);
        rest = parts.slice(2);
      } else if (parts[0] === 'repos') {
        repo = repos.get(`${parts[1]}/${parts[2]}`.toLowerCase());
        rest = parts.slice(3);
      } else return basic(404, 'Not Found');
      if (!repo) return basic(404, 'Not Found');
      if (rest[0] !== 'issues') return basic(404, 'Not Found');
      if (!repo.issuesEnabled) return basic(410, 'Issues are disabled for this repo');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const write = req.method !== 'GET';
      if (write && !token.write) return basic(403, 'Resource not accessible by personal access token');

      if (rest.length === 1 && req.method === 'GET') return list(repo, req.query);
      if (rest.length === 1 && req.method === 'POST') {
        if (body.title === undefined || body.title === null || String(body.title).trim() === '') return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }], documentation_url: DOCS } };
        const assignees = Array.isArray(body.assignees) ? (body.assignees as string[]) : [];
        const invalid = assignees.filter((a) => !collaborators.has(a));
        if (invalid.length) return { status: 422, body: { message: 'Validation Failed', errors: invalid.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })), documentation_url: DOCS } };
        const labels = labelNames(body.labels) ?? [];
        labels.forEach((l) => repo!.labels.add(l));
        const created = now();
        const issue: GithubIssue = { id: nextId++, number: repo.issues.length + 1, title: String(body.title), body: typeof body.body === 'string' ? body.body : null, state: 'open', state_reason: null, labels, assignees, comments: [], created_at: created, updated_at: created, closed_at: null, user: token.login ?? 'bot' };
        repo.issues.push(issue);
        return { status: 201, body: issueJson(repo, issue), headers: { location: `${base}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` } };
      }
      const issue = repo.issues.find((i) => i.number === Number(rest[1]));
      if (!issue) return basic(404, 'Not Found');
      if (rest.length === 2 && req.method === 'GET') return { status: 200, body: issueJson(repo, issue) };
      if (rest.length === 2 && req.method === 'PATCH') {
        if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed') return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'state', code: 'invalid' }], documentation_url: DOCS } };
        if (typeof body.title === 'string') issue.title = body.title;
        if (typeof body.body === 'string' || body.body === null) issue.body = body.body as string | null;
        const labels = labelNames(body.labels);
        if (labels) {
          issue.labels = [...new Set(labels)];
          labels.forEach((l) => repo!.labels.add(l));
        }
        if (Array.isArray(body.assignees)) issue.assignees = (body.assignees as string[]).filter((a) => collaborators.has(a));
        // state_reason is ignored unless the state changes.
        if (body.state === 'closed' && issue.state !== 'closed') {
          issue.state = 'closed';
          issue.state_reason = typeof body.state_reason === 'string' ? body.state_reason : 'completed';
          issue.closed_at = now();
        } else if (body.state === 'open' && issue.state !== 'open') {
          issue.state = 'open';
          issue.state_reason = 'reopened';
          issue.closed_at = null;
        }
        issue.updated_at = now();
        return { status: 200, body: issueJson(repo, issue) };
      }
      if (rest[2] === 'comments' && req.method === 'POST') {
        if (typeof body.body !== 'string' || !body.body) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }], documentation_url: DOCS } };
        const comment = { id: nextId++, body: body.body, user: token.login ?? 'bot', created_at: now() };
        issue.comments.push(comment);
        issue.updated_at = comment.created_at;
        const url = `${base}/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}`;
        return { status: 201, body: { id: comment.id, node_id: 'IC', url, html_url: `${issueJson(repo, issue).html_url}#issuecomment-${comment.id}`, body: comment.body, user: { login: comment.user }, created_at: comment.created_at, updated_at: comment.created_at, issue_url: `${base}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`, author_association: 'OWNER' }, headers: { location: url } };
      }
      if (rest[2] === 'comments' && req.method === 'GET') return { status: 200, body: issue.comments.map((c) => ({ id: c.id, body: c.body, user: { login: c.user }, created_at: c.created_at })) };
      return basic(404, 'Not Found');
    },
    () => ({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-used': String(5000 - remaining), 'x-ratelimit-reset': String(Math.floor(clock / 1000) + 3600), 'x-ratelimit-resource': 'core', 'x-github-api-version-selected': '2022-11-28' }),
  );
  base = server.url;

  const get = (full: string) => {
    const repo = repos.get(full.toLowerCase());
    if (!repo) throw new Error(`no repo ${full}`);
    return repo;
  };
  const issueOf = (full: string, number: number) => {
    const issue = get(full).issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue ${number}`);
    return issue;
  };
  return {
    ...server,
    repo: get,
    human: {
      close(full, number, reason = 'completed') {
        const issue = issueOf(full, number);
        Object.assign(issue, { state: 'closed', state_reason: reason, closed_at: now(), updated_at: now() });
      },
      reopen(full, number) {
        const issue = issueOf(full, number);
        Object.assign(issue, { state: 'open', state_reason: 'reopened', closed_at: null, updated_at: now() });
      },
      edit(full, number, change) {
        Object.assign(issueOf(full, number), change, { updated_at: now() });
      },
      open(full, spec) {
        const repo = get(full);
        const created = now();
        const issue: GithubIssue = { id: nextId++, number: repo.issues.length + 1, title: spec.title, body: spec.body ?? null, state: 'open', state_reason: null, labels: spec.labels ?? [], assignees: [], comments: [], created_at: created, updated_at: created, closed_at: null, user: 'alice', ...(spec.pullRequest ? { pull_request: { url: `${base}/repos/${repo.owner}/${repo.name}/pulls/${repo.issues.length + 1}` } } : {}) };
        repo.issues.push(issue);
        return issue;
      },
    },
  };
}
