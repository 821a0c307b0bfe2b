// How a ticket is tied to its threat without ever looking at the title: a label on every ticket
// (`threatcode`) to find them, plus the threat id — in labels on Jira, and in a hidden HTML comment
// on GitHub (one label per threat would flood a repository's label list). Titles are free for
// people to edit.
import type { Severity } from '../model/types.js';
import { isSeverity } from './severity.js';

export const BASE_LABEL = 'threatcode';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// A catalog slug never ends with '.' or '-' (slugify trims them), so a sentence's full stop is not read as part of it.
const SLUG = '[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9_])?';



export interface MarkerData {
  threatId?: string;
  product?: string;
  severity?: Severity;
}

// ---------------------------------------------------------------------------------------------
// Jira: labels (no spaces allowed, at most 255 characters)
// ---------------------------------------------------------------------------------------------

export const jiraLabel = {
  threat: (id: string) => `threatcode-threat-${id}`,
  product: (slug: string) => `threatcode-product-${slug}`,
  severity: (severity: Severity) => `threatcode-severity-${severity}`,
  fixNotVerified: 'threatcode-fix-not-verified',
};

/** The visible footer line of a Jira description; the fallback when a person removed the labels. */
export function jiraFooter(threatId: string, product: string): string {
  return `threatcode threat ${threatId} in product ${product}`;
}

export function parseJira(labels: readonly string[], description: string): MarkerData & { fixNotVerified: boolean } {
  const out: MarkerData & { fixNotVerified: boolean } = { fixNotVerified: labels.includes(jiraLabel.fixNotVerified) };
  for (const label of labels) {
    const threat = new RegExp(`^threatcode-threat-(${UUID})$`).exec(label);
    if (threat) out.threatId = threat[1];
    const product = new RegExp(`^threatcode-product-(${SLUG})$`).exec(label);
    if (product) out.product = product[1];
    const severity = /^threatcode-severity-(\w+)$/.exec(label)?.[1];
    if (isSeverity(severity)) out.severity = severity;
  }
  if (!out.threatId || !out.product) {
    const footer = new RegExp(`threatcode threat (${UUID}) in product (${SLUG})`).exec(description);
    if (footer) {
      out.threatId ??= footer[1];
      out.product ??= footer[2];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GitHub: one hidden marker line in the body; labels for people
// ---------------------------------------------------------------------------------------------

export const githubLabel = {
  severity: (severity: Severity) => `severity: ${severity}`,
  fixNotVerified: 'threatcode: fix not verified',
};

export function isGithubOwnLabel(label: string): boolean {
  return label === BASE_LABEL || label === githubLabel.fixNotVerified || /^severity: (critical|high|medium|low)$/.test(label);
}

export function githubMarker(data: Required<MarkerData>): string {
  return `<!-- threatcode:v1 threat=${data.threatId} product=${data.product} severity=${data.severity} (keep this line: it links the issue to its threat) -->`;
}

export function parseGithubMarker(body: string | null | undefined): MarkerData {
  const match = new RegExp(`<!--\\s*threatcode:v1 threat=(${UUID}) product=(${SLUG})(?: severity=(\\w+))?`).exec(body ?? '');
  if (!match) return {};
  return { threatId: match[1], product: match[2], ...(isSeverity(match[3]) ? { severity: match[3] } : {}) };
}
