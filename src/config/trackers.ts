// Validation of the `trackers:` section (threatcode tickets). Like the rest of the file: every
// problem is reported at its path and only the bad value is dropped. A token written into the file
// is refused outright, with a pointer to the environment variable it belongs in.
import type { z } from 'zod';
import { KNOWN_KEYS, SECRET_TRACKER_KEYS, trackerFields } from './schema.js';
import type { GithubTrackerConfig, JiraTrackerConfig, TrackersConfig } from './types.js';
import type { ConfigPath, Report } from './validate.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<S extends z.ZodType>(schema: S, value: unknown, path: ConfigPath, report: Report): z.output<S> | undefined {
  if (value === undefined || value === null) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) report([...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], issue.message);
  return undefined;
}

const SECRET_HOME: Record<'jira' | 'github' | 'top', string> = { jira: 'JIRA_API_TOKEN', github: 'GITHUB_TOKEN', top: 'JIRA_API_TOKEN or GITHUB_TOKEN' };

/** Reports unknown keys; a credential-looking key gets its own message and is never kept. */
function checkKeys(value: Record<string, unknown>, known: readonly string[], path: ConfigPath, report: Report, where: keyof typeof SECRET_HOME): void {
  for (const key of Object.keys(value)) {
    if (SECRET_TRACKER_KEYS.some((s) => s.toLowerCase() === key.toLowerCase())) report([...path, key], `credentials must not be written into the repository; remove it and set ${SECRET_HOME[where]} in the environment instead`);
    else if (!known.includes(key)) report([...path, key], `unknown key "${key}" is ignored`);
  }
}

function jira(value: unknown, report: Report): JiraTrackerConfig | undefined {
  const path: ConfigPath = ['trackers', 'jira'];
  if (!isRecord(value)) {
    report(path, 'must be a mapping; ignored');
    return undefined;
  }
  checkKeys(value, KNOWN_KEYS.jira, path, report, 'jira');
  const out: JiraTrackerConfig = { labels: [], priorities: {}, assignees: {} };
  for (const key of ['baseUrl', 'email', 'project', 'issueType', 'doneTransition', 'reopenTransition'] as const) {
    const parsed = field(trackerFields.jira[key], value[key], [...path, key], report);
    if (parsed !== undefined) out[key] = parsed;
  }
  const labels = field(trackerFields.labels, value.labels, [...path, 'labels'], report);
  if (labels) {
    // Jira labels cannot contain spaces.
    out.labels = labels.filter((label, i) => {
      if (!/\s/.test(label)) return true;
      report([...path, 'labels', i], 'Jira labels cannot contain spaces; ignored');
      return false;
    });
  }
  out.priorities = field(trackerFields.priorities, value.priorities, [...path, 'priorities'], report) ?? {};
  out.assignees = field(trackerFields.assignees, value.assignees, [...path, 'assignees'], report) ?? {};
  return out;
}

function github(value: unknown, report: Report): GithubTrackerConfig | undefined {
  const path: ConfigPath = ['trackers', 'github'];
  if (!isRecord(value)) {
    report(path, 'must be a mapping; ignored');
    return undefined;
  }
  checkKeys(value, KNOWN_KEYS.github, path, report, 'github');
  const out: GithubTrackerConfig = { labels: [], assignees: {} };
  for (const key of ['repo', 'apiUrl'] as const) {
    const parsed = field(trackerFields.github[key], value[key], [...path, key], report);
    if (parsed !== undefined) out[key] = parsed;
  }
  out.labels = field(trackerFields.labels, value.labels, [...path, 'labels'], report) ?? [];
  out.assignees = field(trackerFields.assignees, value.assignees, [...path, 'assignees'], report) ?? {};
  return out;
}

/** `undefined` when the section is absent (so configs without it stay exactly as they were). */
export function validateTrackers(value: unknown, report: Report): TrackersConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    report(['trackers'], 'must be a mapping; ignored');
    return undefined;
  }
  checkKeys(value, KNOWN_KEYS.trackers, ['trackers'], report, 'top');
  const out: TrackersConfig = {};
  const minSeverity = field(trackerFields.minSeverity, value.minSeverity, ['trackers', 'minSeverity'], report);
  if (minSeverity) out.minSeverity = minSeverity;
  for (const key of ['reopen', 'preflight'] as const) {
    const parsed = field(trackerFields[key], value[key], ['trackers', key], report);
    if (parsed !== undefined) out[key] = parsed;
  }
  if (value.jira !== undefined && value.jira !== null) {
    const parsed = jira(value.jira, report);
    if (parsed) out.jira = parsed;
  }
  if (value.github !== undefined && value.github !== null) {
    const parsed = github(value.github, report);
    if (parsed) out.github = parsed;
  }
  return out;
}
