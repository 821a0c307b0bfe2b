// Tracker settings from the environment and `.threatcode.yml` (`trackers:`). Environment variables
// win over the file; tokens come only from the environment. Nothing here prints or stores a token:
// `secretValues` lists them so every output can be scrubbed as a last line of defence.
import type { GithubTrackerConfig, JiraTrackerConfig, TrackersConfig } from '../config/types.js';
import type { Severity } from '../model/types.js';
import { isSeverity } from './severity.js';
import type { TrackerKind } from './types.js';

export interface JiraSettings {
  kind: 'jira';
  baseUrl: string;
  email: string;
  token: string;
  project: string;
  issueType: string;
  labels: string[];
  doneTransition?: string;
  reopenTransition?: string;
  priorities: Record<Severity, string>;
  assignees: Record<string, string>;
}

export interface GithubSettings {
  kind: 'github';
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  labels: string[];
  assignees: Record<string, string>;
}

export type TrackerSettings = JiraSettings | GithubSettings;

export interface Resolved<T> {
  settings?: T;
  /** What is missing, each with where to set it. */
  missing: string[];
}

const DEFAULT_PRIORITIES: Record<Severity, string> = { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low' };

const first = (...values: (string | undefined)[]) => values.map((v) => v?.trim()).find((v): v is string => Boolean(v));

export function resolveJira(env: NodeJS.ProcessEnv, file: JiraTrackerConfig | undefined): Resolved<JiraSettings> {
  const baseUrl = first(env.THREATCODE_JIRA_BASE_URL, file?.baseUrl)?.replace(/\/+$/, '');
  const email = first(env.JIRA_EMAIL, env.THREATCODE_JIRA_EMAIL, file?.email);
  const token = first(env.JIRA_API_TOKEN, env.THREATCODE_JIRA_API_TOKEN);
  const project = first(env.THREATCODE_JIRA_PROJECT, file?.project);
  const missing = [
    baseUrl ? '' : 'THREATCODE_JIRA_BASE_URL (or trackers.jira.baseUrl), e.g. https://acme.atlassian.net',
    email ? '' : 'JIRA_EMAIL (the Atlassian account e-mail; or trackers.jira.email)',
    token ? '' : 'JIRA_API_TOKEN (an API token from id.atlassian.com; environment only)',
    project ? '' : 'THREATCODE_JIRA_PROJECT (or trackers.jira.project), e.g. SEC',
  ].filter(Boolean);
  if (baseUrl && !/^https?:\/\//.test(baseUrl)) missing.push(`THREATCODE_JIRA_BASE_URL must start with https:// (got ${baseUrl})`);
  if (missing.length || !baseUrl || !email || !token || !project) return { missing };
  return {
    missing,
    settings: {
      kind: 'jira',
      baseUrl,
      email,
      token,
      project: project.toUpperCase(),
      issueType: first(env.THREATCODE_JIRA_ISSUE_TYPE, file?.issueType) ?? 'Bug',
      labels: file?.labels ?? [],
      ...(file?.doneTransition ? { doneTransition: file.doneTransition } : {}),
      ...(file?.reopenTransition ? { reopenTransition: file.reopenTransition } : {}),
      priorities: { ...DEFAULT_PRIORITIES, ...file?.priorities },
      assignees: file?.assignees ?? {},
    },
  };
}

/** `owner/name` from a GitHub repository URL (the model's product.repository), when it is one. */
export function githubRepoOf(repository: string | undefined): string | undefined {
  if (!repository) return undefined;
  const m = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repository.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export function resolveGithub(env: NodeJS.ProcessEnv, file: GithubTrackerConfig | undefined, fallbackRepo?: string): Resolved<GithubSettings> {
  const token = first(env.GITHUB_TOKEN, env.GH_TOKEN, env.THREATCODE_GITHUB_TOKEN);
  const repo = first(env.THREATCODE_GITHUB_REPO, file?.repo, fallbackRepo);
  const apiUrl = (first(env.THREATCODE_GITHUB_API_URL, file?.apiUrl) ?? 'https://api.github.com').replace(/\/+$/, '');
  const missing = [
    token ? '' : 'GITHUB_TOKEN (a token with Issues read and write on the repository; environment only)',
    repo ? '' : 'THREATCODE_GITHUB_REPO (or trackers.github.repo), e.g. acme/shop',
  ].filter(Boolean);
  const parts = repo?.split('/') ?? [];
  if (repo && (parts.length !== 2 || !parts[0] || !parts[1])) missing.push(`THREATCODE_GITHUB_REPO must be owner/name (got ${repo})`);
  if (missing.length || !token || !repo) return { missing };
  return { missing, settings: { kind: 'github', apiUrl, token, owner: parts[0], repo: parts[1], labels: file?.labels ?? [], assignees: file?.assignees ?? {} } };
}

export function resolveTracker(kind: TrackerKind, env: NodeJS.ProcessEnv, trackers: TrackersConfig | undefined, fallbackRepo?: string): Resolved<TrackerSettings> {
  return kind === 'jira' ? resolveJira(env, trackers?.jira) : resolveGithub(env, trackers?.github, fallbackRepo);
}

/**
 * Trackers set up explicitly (environment or file), for the automatic pre-flight. A GitHub token
 * alone (as in every GitHub Actions job) does not count: the repository must be named.
 */
export function configuredTrackers(env: NodeJS.ProcessEnv, trackers: TrackersConfig | undefined): TrackerSettings[] {
  if (trackers?.preflight === false || env.THREATCODE_TRACKER_PREFLIGHT === '0') return [];
  const out: TrackerSettings[] = [];
  const jira = resolveJira(env, trackers?.jira).settings;
  if (jira) out.push(jira);
  const github = resolveGithub(env, trackers?.github).settings;
  if (github) out.push(github);
  return out;
}

export function minSeverityOf(value: string | undefined, trackers: TrackersConfig | undefined): Severity | undefined {
  const chosen = value ?? trackers?.minSeverity ?? 'high';
  return isSeverity(chosen) ? chosen : undefined;
}

/** Every credential value in the environment and its basic-auth encoding, longest first (for scrubbing outputs). */
export function secretValues(env: NodeJS.ProcessEnv, email?: string): string[] {
  const names = ['JIRA_API_TOKEN', 'THREATCODE_JIRA_API_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'THREATCODE_GITHUB_TOKEN'];
  const tokens = names.map((n) => env[n]?.trim()).filter((v): v is string => v !== undefined && v.length >= 4);
  const emails = [email, env.JIRA_EMAIL, env.THREATCODE_JIRA_EMAIL].map((e) => e?.trim()).filter((e): e is string => Boolean(e));
  const encoded = tokens.flatMap((t) => [Buffer.from(t).toString('base64'), ...emails.map((e) => Buffer.from(`${e}:${t}`).toString('base64'))]);
  return [...new Set([...tokens, ...encoded])].sort((a, b) => b.length - a.length);
}

/** Replaces every credential value in a text. */
export function scrub(textValue: string, secrets: readonly string[]): string {
  let out = textValue;
  for (const s of secrets) out = out.split(s).join('****');
  return out;
}
