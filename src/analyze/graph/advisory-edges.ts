// Vulnerable dependencies as edges: a package with a known advisory in a component that takes
// network input gives what the advisory's impact class implies.
import type { Component, Score, Severity } from '../../model/types.js';
import { cvssBaseScore, cvssRating } from '../cvss.js';
import { scoreThreat } from '../score.js';
import type { AdvisoryMatch } from './advisories.js';
import type { GraphBuilder } from './builder.js';
import type { AttackState } from './types.js';
import { gainPhrase } from './words.js';

const MATURITY_LIKELIHOOD = { high: 0.9, functional: 0.8, 'proof-of-concept': 0.7, unproven: 0.4 } as const;
const REACHABILITY_FACTOR = { imported: 1, direct: 0.9, transitive: 0.5 } as const;
const GITHUB_SEVERITY: Record<string, Severity> = { CRITICAL: 'critical', HIGH: 'high', MODERATE: 'medium', MEDIUM: 'medium', LOW: 'low' };

/** Severity of an advisory: its CVSS base score when given, else the database's own rating. */
export function advisorySeverity(match: AdvisoryMatch): Severity {
  const score = match.cvss ? cvssBaseScore(match.cvss) : undefined;
  if (score !== undefined) {
    const rating = cvssRating(score);
    return rating === 'none' ? 'low' : rating;
  }
  return GITHUB_SEVERITY[(match.severity ?? '').toUpperCase()] ?? 'medium';
}

/** The threat-style score of a matched advisory (likelihood, impact, exploit maturity, CVSS). */
export function scoreAdvisory(match: AdvisoryMatch, component?: Component): Score {
  const level = advisorySeverity(match);
  return scoreThreat({
    likelihood: match.reachability === 'transitive' ? 'low' : 'medium',
    impact: level === 'critical' || level === 'high' ? 'high' : level === 'medium' ? 'medium' : 'low',
    confidence: match.reachability === 'imported' ? 'high' : 'medium',
    components: component ? [component] : [],
    architectural: false,
    ...(match.maturity ? { exploitMaturity: match.maturity } : {}),
    ...(match.cvss ? { cvssVector: match.cvss } : {}),
  });
}

function gainsOf(b: GraphBuilder, match: AdvisoryMatch): { to: AttackState; factor: number }[] {
  const t = b.topology;
  const c = t.components.get(match.component);
  if (!c) return [];
  switch (match.impact) {
    case 'rce':
      return [{ to: b.state('exec', c), factor: 1 }];
    case 'auth-bypass':
      return t.hasAdminRoutes(c.id) || t.hasAuthenticatedRoutes(c.id) ? [{ to: b.state('admin', c), factor: 0.8 }] : [{ to: b.state('user'), factor: 0.8 }];
    case 'disclosure':
      if (match.cwe?.some((x) => x === 'CWE-89' || x === 'CWE-943')) return t.storesOf(c.id).map((s) => ({ to: b.state('data', s.store), factor: 0.7 }));
      return [{ to: b.state('secrets', c), factor: 0.5 }];
    case 'dos':
      return [{ to: b.state('dos', c), factor: 1 }];
    case 'other':
      return [];
  }
}

/** Adds the edge(s) of one advisory match. Components that take no network input get none. */
export function addAdvisoryEdges(b: GraphBuilder, match: AdvisoryMatch): void {
  const t = b.topology;
  const c = t.components.get(match.component);
  if (!c) return;
  const listens = t.entryPointsOf(c.id).length > 0 || c.kind === 'frontend';
  if (!listens) return;
  const from = b.state('reach', c);
  const base = MATURITY_LIKELIHOOD[match.maturity ?? 'proof-of-concept'] * REACHABILITY_FACTOR[match.reachability];
  const pkg = `${match.package.name}@${match.package.version}`;
  const severity = advisorySeverity(match);
  for (const gain of gainsOf(b, match)) {
    const name = gain.to.component ? t.nameOf(gain.to.component) : '';
    b.add({
      from: from.id,
      to: gain.to.id,
      kind: 'advisory',
      advisory: match.advisoryId,
      likelihood: base * gain.factor,
      description: `${gainPhrase(gain.to, name)} through ${match.advisoryId}${match.aliases?.length ? ` (${match.aliases[0]})` : ''} in ${pkg}, ${match.impact === 'other' ? 'a vulnerable dependency' : match.impact}, ${match.reachability}`,
      evidence: match.evidence.slice(0, 2),
      severity,
      cost: 1,
      fix: match.fixed ? `upgrade ${match.package.name} from ${match.package.version} to ${match.fixed} or later` : `replace ${match.package.name} ${match.package.version}: ${match.advisoryId} has no fixed version`,
    });
  }
}
