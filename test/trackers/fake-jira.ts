// A stateful fake of the Jira Cloud REST v3 endpoints threatcode uses, following
// ../shared/research/trackers.md §1: Basic/Bearer auth (401 otherwise), ErrorCollection bodies on
// every error, ADF rich text, 201 CreatedIssue, enhanced search `/search/jql` (IDs-only default,
// opaque nextPageToken omitted on the last page, isLast, fewer results than asked), approximate
// count, transitions that depend on the current status with a required resolution on Done, 204 on
// transition and edit, 404 for unknown issues, and the legacy `/search` answering 410 (removed).
// `human` changes issues the way people do between runs.
import { startFake, type FakeServer, type Reply } from './fake-http.js';

interface Adf {
  type: string;
  version?: number;
  content?: unknown[];
}

export interface JiraIssue {
  id: string;
  key: string;
  project: string;
  issuetype: string;
  summary: string;
  description: Adf | null;
  labels: string[];
  status: string;
  resolution: string | null;
  priority: string | null;
  assignee: string | null;
  comments: { id: string; body: Adf; created: string }[];
  created: string;
  updated: string;
}

interface Status {
  id: string;
  category: { id: number; key: string; name: string; colorName: string };
}

interface Transition {
  id: string;
  name: string;
  to: string;
  resolutionRequired?: boolean;
}

export interface FakeJiraOptions {
  users?: { email: string; token: string; accountId?: string }[];
  bearer?: string[];
  projects?: { key: string; id: string; issueTypes: string[] }[];
  /** The server's own cap on maxResults (Jira may return fewer than asked). */
  pageSize?: number;
  /** Whether priority is on the create/edit screen (when not, setting it is a 400). */
  priorityOnScreen?: boolean;
  /** Whether the account may create issues (403 otherwise). */
  canCreate?: boolean;
  /** Workflow: status → transitions available from it. */
  workflow?: Record<string, Transition[]>;
}

const STATUSES: Record<string, Status> = {
  'To Do': { id: '10000', category: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } },
  'In Progress': { id: '3', category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } },
  Done: { id: '10001', category: { id: 3, key: 'done', name: 'Done', colorName: 'green' } },
};

export const DEFAULT_WORKFLOW: Record<string, Transition[]> = {
  'To Do': [
    { id: '21', name: 'Start Progress', to: 'In Progress' },
    { id: '31', name: 'Done', to: 'Done', resolutionRequired: true },
  ],
  'In Progress': [
    { id: '11', name: 'Stop Progress', to: 'To Do' },
    { id: '31', name: 'Done', to: 'Done', resolutionRequired: true },
  ],
  Done: [{ id: '41', name: 'Reopen', to: 'To Do' }],
};

const RESOLUTIONS = ['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce'];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];

const errors = (status: number, errorMessages: string[], fieldErrors: Record<string, string> = {}): Reply => ({ status, body: { errorMessages, errors: fieldErrors } });

/** `2024-06-17T19:09:10.000+0000` */
function jiraTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

type Clause = { field: string; op: '=' | '!='; value: string };

/** The JQL subset the research note lists: field = / != value, AND, ORDER BY. */
function parseJql(jql: string): { clauses: Clause[]; order?: { field: string; desc: boolean } } | string {
  const orderMatch = /\s*ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(jql);
  const where = orderMatch ? jql.slice(0, orderMatch.index) : jql;
  const clauses: Clause[] = [];
  const re = /\s*(\w+)\s*(!=|=)\s*("(?:[^"\\]|\\.)*"|[^\s"]+)\s*(?:AND\s+|$)/iy;
  let pos = 0;
  while (pos < where.trim().length) {
    re.lastIndex = pos;
    const m = re.exec(where);
    if (!m) return `Error in the JQL Query: unexpected text at position ${pos}.`;
    const raw = m[3];
    clauses.push({ field: m[1], op: m[2] as '=' | '!=', value: raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw });
    pos = re.lastIndex;
  }
  return { clauses, ...(orderMatch ? { order: { field: orderMatch[1].toLowerCase(), desc: (orderMatch[2] ?? '').toUpperCase() === 'DESC' } } : {}) };
}

export interface FakeJira extends FakeServer {
  issues: Map<string, JiraIssue>;
  /** Changes people make between runs. */
  human: {
    transition(key: string, status: string, resolution?: string): void;
    edit(key: string, change: Partial<Pick<JiraIssue, 'summary' | 'labels' | 'description'>>): void;
    /** An issue filed by a person (e.g. a copy of a threatcode ticket). */
    create(issue: Partial<JiraIssue> & { summary: string; labels: string[] }): JiraIssue;
    delete(key: string): void;
  };
  /** Comments' plain text, for assertions. */
  commentsText(key: string): string[];
}

function adfPlain(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { text?: string; content?: unknown[] };
  return `${n.text ?? ''}${(n.content ?? []).map(adfPlain).join(' ')}`;
}

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const users = options.users ?? [{ email: 'bot@example.com', token: 'jira-token-123456', accountId: 'acc-bot' }];
  const projects = options.projects ?? [{ key: 'SEC', id: '10000', issueTypes: ['Bug', 'Task'] }];
  const accountIds = new Set(['acc-alice', 'acc-bob', ...users.map((u) => u.accountId ?? 'acc-bot')]);
  const workflow = options.workflow ?? DEFAULT_WORKFLOW;
  const pageSize = options.pageSize ?? 50;
  const issues = new Map<string, JiraIssue>();
  let nextId = 10001;
  const seq = new Map<string, number>();
  let tick = Date.UTC(2026, 0, 5, 9, 0, 0);
  const now = () => jiraTime(new Date((tick += 1000)));
  let base = '';

  const authorised = (header: string | undefined): boolean => {
    if (!header) return false;
    const [scheme, value] = header.split(' ');
    if (scheme === 'Bearer') return (options.bearer ?? []).includes(value);
    if (scheme !== 'Basic' || !value) return false;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return users.some((u) => `${u.email}:${u.token}` === decoded);
  };

  const issueBean = (issue: JiraIssue, fields: string[] | 'all', expandTransitions = false) => {
    const status = STATUSES[issue.status];
    const all: Record<string, unknown> = {
      summary: issue.summary,
      issuetype: { id: '10004', name: issue.issuetype, subtask: false },
      project: { id: projects.find((p) => p.key === issue.project)?.id, key: issue.project, name: issue.project },
      status: { self: `${base}/rest/api/3/status/${status.id}`, id: status.id, name: issue.status, statusCategory: status.category },
      priority: issue.priority ? { id: String(PRIORITIES.indexOf(issue.priority) + 1), name: issue.priority } : null,
      labels: issue.labels,
      assignee: issue.assignee ? { accountId: issue.assignee, displayName: issue.assignee.replace(/^acc-/, ''), active: true } : null,
      description: issue.description,
      created: issue.created,
      updated: issue.updated,
      resolution: issue.resolution ? { id: String(10000 + RESOLUTIONS.indexOf(issue.resolution)), name: issue.resolution } : null,
    };
    const chosen = fields === 'all' || fields.includes('*all') || fields.includes('*navigable') ? all : Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
    const bean: Record<string, unknown> = { expand: '', id: issue.id, self: `${base}/rest/api/3/issue/${issue.id}`, key: issue.key };
    if (fields === 'all' || Object.keys(chosen).length) bean.fields = chosen;
    if (expandTransitions) bean.transitions = transitionsOf(issue, false);
    return bean;
  };

  const transitionsOf = (issue: JiraIssue, withFields: boolean) =>
    (workflow[issue.status] ?? []).map((t) => {
      const to = STATUSES[t.to];
      return {
        id: t.id,
        name: t.name,
        hasScreen: Boolean(t.resolutionRequired),
        isGlobal: false,
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        looped: false,
        to: { self: `${base}/rest/api/3/status/${to.id}`, id: to.id, name: t.to, statusCategory: to.category },
        ...(withFields && t.resolutionRequired ? { fields: { resolution: { required: true, name: 'Resolution', allowedValues: RESOLUTIONS.map((name, i) => ({ id: String(10000 + i), name })) } } } : {}),
      };
    });

  const find = (idOrKey: string) => issues.get(idOrKey) ?? [...issues.values()].find((i) => i.id === idOrKey);
  const notFound = () => errors(404, ['Issue does not exist or you do not have permission to see it.']);

  const search = (jql: unknown, maxResults: unknown, token: unknown, fields: string[]): Reply => {
    if (typeof jql !== 'string' || !jql.trim()) return errors(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    const parsed = parseJql(jql);
    if (typeof parsed === 'string') return errors(400, [parsed]);
    if (parsed.clauses.length === 0) return errors(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    for (const c of parsed.clauses) {
      if (!['project', 'key', 'labels', 'status', 'statuscategory'].includes(c.field.toLowerCase())) return errors(400, [`Field '${c.field}' does not exist or you do not have permission to view it.`]);
      if (c.field.toLowerCase() === 'project' && !projects.some((p) => p.key === c.value.toUpperCase())) return errors(400, [`The value '${c.value}' does not exist for the field 'project'.`]);
    }
    const matches = (issue: JiraIssue, c: Clause): boolean => {
      const field = c.field.toLowerCase();
      const value = c.value.toLowerCase();
      const hit =
        field === 'project' ? issue.project.toLowerCase() === value : field === 'key' ? issue.key.toLowerCase() === value : field === 'labels' ? issue.labels.some((l) => l.toLowerCase() === value) : field === 'status' ? issue.status.toLowerCase() === value : STATUSES[issue.status].category.name.toLowerCase() === value || STATUSES[issue.status].category.key === value;
      return c.op === '=' ? hit : !hit;
    };
    let found = [...issues.values()].filter((i) => parsed.clauses.every((c) => matches(i, c)));
    const num = (k: string) => Number(k.split('-')[1]);
    found.sort((a, b) => a.project.localeCompare(b.project) || num(a.key) - num(b.key));
    if (parsed.order?.desc) found = found.reverse();
    let offset = 0;
    if (token !== undefined && token !== null) {
      try {
        const decoded = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { o: number; q: string };
        if (decoded.q !== jql) throw new Error('other query');
        offset = decoded.o;
      } catch {
        return errors(400, ['The provided next page token is invalid or expired.']);
      }
    }
    const asked = maxResults === undefined ? 50 : Number(maxResults);
    const limit = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 50, pageSize, 5000));
    const page = found.slice(offset, offset + limit);
    const isLast = offset + limit >= found.length;
    const body: Record<string, unknown> = { issues: page.map((i) => issueBean(i, fields.length ? fields : ['id'])), isLast };
    // Documented: the last page omits nextPageToken entirely (JRACLOUD-92184), not null.
    if (!isLast) body.nextPageToken = Buffer.from(JSON.stringify({ o: offset + limit, q: jql, n: Math.random().toString(36).slice(2, 6) })).toString('base64url');
    return { status: 200, body };
  };

  const applyLabelOps = (issue: JiraIssue, ops: unknown): string | undefined => {
    if (!Array.isArray(ops)) return 'labels: expected a list of operations';
    for (const op of ops as Record<string, unknown>[]) {
      if (typeof op.add === 'string') {
        if (/\s/.test(op.add)) return 'labels: The label must not contain spaces.';
        if (!issue.labels.includes(op.add)) issue.labels.push(op.add);
      } else if (typeof op.remove === 'string') issue.labels = issue.labels.filter((l) => l !== op.remove);
      else if (Array.isArray(op.set)) issue.labels = [...(op.set as string[])];
    }
    return undefined;
  };

  const addComment = (issue: JiraIssue, body: unknown): Reply | undefined => {
    const doc = body as Adf | undefined;
    if (!doc || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) return errors(400, [], { comment: 'Comment body is not valid Atlassian Document Format.' });
    const comment = { id: String(nextId++), body: doc, created: now() };
    issue.comments.push(comment);
    issue.updated = comment.created;
    return undefined;
  };

  const server = await startFake((req) => {
    const auth = req.headers.authorization;
    if (!req.path.startsWith('/rest/api/3/')) return errors(404, ['No resource found.']);
    if (!authorised(typeof auth === 'string' ? auth : undefined)) return errors(401, ['Client must be authenticated to access this resource.']);
    const parts = req.path.split('/').slice(4); // after /rest/api/3
    const body = (req.body ?? {}) as Record<string, unknown>;

    if (parts[0] === 'search' && parts.length === 1) return errors(410, ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.']);
    if (parts[0] === 'search' && parts[1] === 'jql') {
      if (req.method === 'GET') return search(req.query.jql, req.query.maxResults, req.query.nextPageToken, (req.query.fields ?? '').split(',').filter(Boolean));
      if (req.method === 'POST') return search(body.jql, body.maxResults ?? undefined, body.nextPageToken ?? undefined, Array.isArray(body.fields) ? (body.fields as string[]) : []);
    }
    if (parts[0] === 'search' && parts[1] === 'approximate-count' && req.method === 'POST') {
      const result = search(body.jql, 5000, undefined, ['id']);
      return result.status === 200 ? { status: 200, body: { count: (result.body as { issues: unknown[] }).issues.length } } : result;
    }
    if (parts[0] !== 'issue') return errors(404, ['No resource found.']);

    if (parts.length === 1 && req.method === 'POST') {
      if (options.canCreate === false) return errors(403, ['You do not have permission to create issues in this project.']);
      const fields = (body.fields ?? {}) as Record<string, unknown>;
      const fieldErrors: Record<string, string> = {};
      const projectKey = (fields.project as { key?: string } | undefined)?.key;
      const project = projects.find((p) => p.key === projectKey);
      if (!project) fieldErrors.project = 'valid project is required';
      const typeName = (fields.issuetype as { name?: string } | undefined)?.name;
      if (project && !project.issueTypes.includes(typeName ?? '')) fieldErrors.issuetype = 'Specify an issue type';
      if (typeof fields.summary !== 'string' || !fields.summary.trim()) fieldErrors.summary = 'You must specify a summary of the issue.';
      else if (fields.summary.length > 255) fieldErrors.summary = 'Summary must be less than 255 characters.';
      const priority = (fields.priority as { name?: string } | undefined)?.name;
      if (fields.priority !== undefined && options.priorityOnScreen === false) fieldErrors.priority = "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.";
      else if (priority !== undefined && !PRIORITIES.includes(priority)) fieldErrors.priority = `The priority selected is invalid.`;
      const assignee = (fields.assignee as { accountId?: string } | undefined)?.accountId;
      if (assignee !== undefined && !accountIds.has(assignee)) fieldErrors.assignee = `User '${assignee}' cannot be assigned issues.`;
      const labels = Array.isArray(fields.labels) ? (fields.labels as string[]) : [];
      if (labels.some((l) => /\s/.test(l))) fieldErrors.labels = 'The label must not contain spaces.';
      const description = fields.description as Adf | undefined;
      if (description !== undefined && (typeof description !== 'object' || description.type !== 'doc')) fieldErrors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
      if (Object.keys(fieldErrors).length) return errors(400, [], fieldErrors);
      const n = (seq.get(project!.key) ?? 0) + 1;
      seq.set(project!.key, n);
      const created = now();
      const issue: JiraIssue = { id: String(nextId++), key: `${project!.key}-${n}`, project: project!.key, issuetype: typeName!, summary: String(fields.summary), description: description ?? null, labels: [...labels], status: 'To Do', resolution: null, priority: priority ?? null, assignee: assignee ?? null, comments: [], created, updated: created };
      issues.set(issue.key, issue);
      return { status: 201, body: { id: issue.id, key: issue.key, self: `${base}/rest/api/3/issue/${issue.id}` } };
    }

    const issue = find(decodeURIComponent(parts[1] ?? ''));
    if (!issue) return notFound();
    if (parts.length === 2 && req.method === 'GET') return { status: 200, body: issueBean(issue, 'all', (req.query.expand ?? '').includes('transitions')) };
    if (parts.length === 2 && req.method === 'PUT') {
      const fields = (body.fields ?? {}) as Record<string, unknown>;
      const fieldErrors: Record<string, string> = {};
      if (fields.priority !== undefined && options.priorityOnScreen === false) fieldErrors.priority = "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.";
      if (fields.summary !== undefined && (typeof fields.summary !== 'string' || !fields.summary.trim())) fieldErrors.summary = 'You must specify a summary of the issue.';
      if (Object.keys(fieldErrors).length) return errors(400, [], fieldErrors);
      const update = (body.update ?? {}) as Record<string, unknown>;
      if (update.labels !== undefined) {
        const problem = applyLabelOps(issue, update.labels);
        if (problem) return errors(400, [], { labels: problem });
      }
      if (typeof fields.summary === 'string') issue.summary = fields.summary;
      if (fields.description !== undefined) issue.description = fields.description as Adf;
      if (fields.priority !== undefined) issue.priority = (fields.priority as { name: string }).name;
      if (Array.isArray(fields.labels)) issue.labels = [...(fields.labels as string[])];
      issue.updated = now();
      return { status: 204 };
    }
    if (parts[2] === 'transitions' && req.method === 'GET') return { status: 200, body: { expand: 'transitions', transitions: transitionsOf(issue, (req.query.expand ?? '').includes('transitions.fields')) } };
    if (parts[2] === 'transitions' && req.method === 'POST') {
      const id = (body.transition as { id?: string } | undefined)?.id;
      const transition = (workflow[issue.status] ?? []).find((t) => t.id === id);
      if (!transition) return errors(400, [`Transition id '${id}' is not valid for this issue.`]);
      const fields = (body.fields ?? {}) as Record<string, unknown>;
      const resolution = (fields.resolution as { name?: string } | undefined)?.name;
      if (transition.resolutionRequired && !resolution) return errors(400, [], { resolution: 'Resolution is required.' });
      if (resolution !== undefined && !transition.resolutionRequired) return errors(400, [], { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
      if (resolution !== undefined && !RESOLUTIONS.includes(resolution)) return errors(400, [], { resolution: 'The resolution selected is invalid.' });
      const comments = ((body.update as { comment?: { add?: { body?: unknown } }[] } | undefined)?.comment ?? []).map((c) => c.add?.body);
      for (const c of comments) {
        const problem = addComment(issue, c);
        if (problem) return problem;
      }
      issue.status = transition.to;
      issue.resolution = STATUSES[transition.to].category.key === 'done' ? (resolution ?? 'Done') : null;
      issue.updated = now();
      return { status: 204 };
    }
    if (parts[2] === 'comment' && req.method === 'POST') {
      const problem = addComment(issue, body.body);
      if (problem) return problem;
      const c = issue.comments[issue.comments.length - 1];
      return { status: 201, body: { id: c.id, self: `${base}/rest/api/3/issue/${issue.id}/comment/${c.id}`, body: c.body, created: c.created, updated: c.created } };
    }
    if (parts[2] === 'comment' && req.method === 'GET') return { status: 200, body: { startAt: 0, maxResults: 5000, total: issue.comments.length, comments: issue.comments } };
    return errors(404, ['No resource found.']);
  });
  base = server.url;

  return {
    ...server,
    issues,
    human: {
      transition(key, status, resolution) {
        const issue = issues.get(key)!;
        issue.status = status;
        issue.resolution = STATUSES[status].category.key === 'done' ? (resolution ?? 'Done') : null;
        issue.updated = now();
      },
      edit(key, change) {
        Object.assign(issues.get(key)!, change, { updated: now() });
      },
      create(partial) {
        const project = partial.project ?? 'SEC';
        const n = (seq.get(project) ?? 0) + 1;
        seq.set(project, n);
        const created = now();
        const issue: JiraIssue = { id: String(nextId++), key: `${project}-${n}`, project, issuetype: 'Bug', description: null, status: 'To Do', resolution: null, priority: null, assignee: null, comments: [], created, updated: created, ...partial };
        issues.set(issue.key, issue);
        return issue;
      },
      delete(key) {
        issues.delete(key);
      },
    },
    commentsText: (key) => (issues.get(key)?.comments ?? []).map((c) => adfPlain(c.body)),
  };
}
