import { z } from 'zod';

/** Entry schemas of `.threatcode.yml`; each list entry is validated on its own so one bad entry costs only itself. */

const text = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty');

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');

export const classificationEntry = z.object({
  match: text,
  classification: z.enum(['public', 'internal', 'confidential', 'restricted'], {
    error: 'must be one of public, internal, confidential, restricted',
  }),
});

export const trustZoneEntry = z.object({ match: text, zone: text });

export const exposureEntry = z.object({
  match: text,
  exposure: z.enum(['internet', 'internal', 'none'], { error: 'must be one of internet, internal, none' }),
});

export const assumptionEntry = z.object({
  content: text,
  threats: z.array(text).default([]),
});

export const suppressionEntry = z
  .object({
    rule: text.optional(),
    threat: text.optional(),
    path: z.union([text, z.array(text)], { error: 'must be a glob or a list of globs' }).optional(),
    reason: z
      .string({ error: (issue) => (issue.input === undefined ? 'a suppression must give a reason' : 'must be text') })
      .trim()
      .min(1, 'a suppression must give a reason'),
    expires: isoDate.optional(),
  })
  .refine((s) => s.rule !== undefined || s.threat !== undefined, { message: 'a suppression needs a rule or a threat' });

export const productEntry = {
  name: text,
  description: z.string({ error: 'must be text' }),
  repository: text,
} as const;

/** Keys each kind of entry may have (others are reported and ignored). */
export const KNOWN_KEYS = {
  top: ['product', 'owners', 'classification', 'trustZones', 'exposure', 'assumptions', 'suppressions', 'ignore', 'trackers'],
  product: ['name', 'description', 'repository', 'owners'],
  classification: ['match', 'classification'],
  trustZones: ['match', 'zone'],
  exposure: ['match', 'exposure'],
  assumptions: ['content', 'threats'],
  suppressions: ['rule', 'threat', 'path', 'reason', 'expires'],
  trackers: ['minSeverity', 'reopen', 'preflight', 'jira', 'github'],
  jira: ['baseUrl', 'email', 'project', 'issueType', 'labels', 'doneTransition', 'reopenTransition', 'priorities', 'assignees'],
  github: ['repo', 'apiUrl', 'labels', 'assignees'],
} as const;

export const textEntry = text;

// `trackers:` (threatcode tickets). Validated field by field in trackers.ts so one bad value costs
// only itself; tokens are refused by name because they must never be written into a repository.
const severityLevel = z.enum(['critical', 'high', 'medium', 'low'], { error: 'must be one of critical, high, medium, low' });
const webUrl = text.refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'must be an http(s) URL such as https://acme.atlassian.net');

export const trackerFields = {
  minSeverity: severityLevel,
  reopen: z.boolean({ error: 'must be true or false' }),
  preflight: z.boolean({ error: 'must be true or false' }),
  jira: {
    baseUrl: webUrl,
    email: text,
    project: text.regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a Jira project key such as SEC'),
    issueType: text,
    doneTransition: text,
    reopenTransition: text,
  },
  github: {
    repo: text.regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
    apiUrl: webUrl,
  },
  labels: z.array(text.refine((v) => !v.includes(','), 'must not contain commas'), { error: 'must be a list of labels' }),
  priorities: z.partialRecord(severityLevel, text, { error: 'must map severities (critical, high, medium, low) to priority names' }),
  assignees: z.record(text, text, { error: 'must map owners to tracker users' }),
} as const;

/** Keys that would put a credential into the repository. */
export const SECRET_TRACKER_KEYS = ['token', 'apiToken', 'api_token', 'password', 'secret', 'githubToken', 'jiraToken', 'auth'];
