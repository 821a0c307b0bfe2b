// Threat scoring: likelihood × impact on 0–1 scales, each moved by named factors, giving 0–10,
// plus a CVSS v3.1 base vector for concrete weaknesses. Every factor is listed so the number can be
// explained in one line (and challenged). The factor table is in src/analyze/graph/readme.md.
import type { Classification, Component, EntryPoint, Level, Score, ScoreFactor, Severity, StrideLetter } from '../model/types.js';
import { cvssBaseScore, cvssFor } from './cvss.js';
import { classifyWeakness, GAIN_IMPACT, GAIN_WORDS } from './graph/semantics.js';
import type { WeaknessClass } from './graph/semantics.js';

const LIKELIHOOD_BASE: Record<Level, number> = { low: 0.3, medium: 0.5, high: 0.7 };
const IMPACT_BASE: Record<Level, number> = { low: 0.3, medium: 0.6, high: 0.9 };

/** Exploit maturity of a CVE (CVSS temporal "E" metric, in words). */
export type ExploitMaturity = 'unproven' | 'proof-of-concept' | 'functional' | 'high';

const MATURITY_DELTA: Record<ExploitMaturity, number> = { unproven: -0.1, 'proof-of-concept': 0.05, functional: 0.1, high: 0.2 };

/** CWEs whose exploitation needs many requests, so a rate limit in front really lowers likelihood. */
const VOLUME_CWES = new Set(['CWE-307', 'CWE-330', 'CWE-331', 'CWE-338', 'CWE-340', 'CWE-521', 'CWE-640', 'CWE-799', 'CWE-770', 'CWE-400', 'CWE-204', 'CWE-203']);

export interface ScoreInput {
  likelihood: Level;
  impact: Level;
  confidence: Level;
  /** Components the threat is about (exposure is taken from the most exposed). */
  components: readonly Component[];
  /** The entry point in front of the evidence, if any. */
  entryPoint?: EntryPoint;
  /** Without an entry point: request data reaches the weakness through a route that could not be linked. */
  routeAuth?: 'unknown';
  /** Highest classification of data reachable from the components. */
  reachableData?: Classification;
  /** Whether the rule judges a design property rather than a concrete code weakness. */
  architectural: boolean;
  /** Rule metadata that says what the weakness gives (privileges gained, CVSS derivation). */
  weakness?: {
    cwe: readonly string[];
    stride: readonly StrideLetter[];
    attack?: readonly string[];
    ruleId?: string;
    title?: string;
    description?: string;
    /** Impacted goals of the threat grammar. */
    goals?: readonly string[];
  };
  /** Names of mitigations already in place in front of this threat (implemented controls). */
  mitigationsInPlace?: readonly string[];
  /** Exploit maturity when the threat is a CVE in a dependency. */
  exploitMaturity?: ExploitMaturity;
  /** A CVSS vector published by an advisory; used instead of the derived one. */
  cvssVector?: string;
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0.05, value));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

export function severityOf(value: number): Severity {
  if (value >= 8) return 'critical';
  if (value >= 5.5) return 'high';
  if (value >= 3) return 'medium';
  return 'low';
}

/** Score factors that describe where the threat sits (exposure, authentication), not the weakness. */
export const POSITION_FACTORS: readonly string[] = ['exposure', 'authentication'];

/**
 * The likelihood of a score without the named factors, 0–1. The attack graph uses it: there the
 * attacker's position is a state of the path, so exposure and authentication must not count twice.
 */
export function likelihoodWithout(score: Score, names: readonly string[] = POSITION_FACTORS): number {
  let value = score.likelihood;
  for (const factor of score.factors) {
    if (!names.includes(factor.name)) continue;
    const match = /^([+-]\d+(?:\.\d+)?) likelihood$/.exec(factor.effect);
    if (match) value -= Number(match[1]);
  }
  return Math.min(1, Math.max(0.05, value));
}

/**
 * Likelihood × impact on 0–1 scales, each moved by named factors, giving 0–10. Every factor is
 * listed so the number can be explained in one line (and challenged).
 */
export function scoreThreat(input: ScoreInput): Score {
  const factors: ScoreFactor[] = [];
  let likelihood = LIKELIHOOD_BASE[input.likelihood];
  let impact = IMPACT_BASE[input.impact];
  const bump = (target: 'likelihood' | 'impact', delta: number, name: string, detail: string) => {
    if (delta === 0) return;
    if (target === 'likelihood') likelihood += delta;
    else impact += delta;
    factors.push({ name, effect: `${signed(delta)} ${target}`, detail });
  };

  const exposure = input.entryPoint?.exposure ?? mostExposed(input.components);
  if (exposure === 'internet') bump('likelihood', 0.2, 'exposure', 'reachable from the internet');
  else if (exposure === 'internal') bump('likelihood', -0.1, 'exposure', 'reachable only from the internal network');
  else if (exposure === 'none') bump('likelihood', -0.2, 'exposure', 'not network-reachable');

  const auth = input.entryPoint?.auth;
  if (auth === 'none') bump('likelihood', 0.1, 'authentication', 'no authentication in front of the entry point');
  else if (auth === 'user') bump('likelihood', -0.05, 'authentication', 'requires an authenticated user');
  else if (auth === 'admin') bump('likelihood', -0.15, 'authentication', 'requires an administrator');
  // Request data reaches it, but through no route the model could link: neither an open route nor
  // a reachable one is shown, so it is not scored as reachable by anyone without a login.
  else if (!input.entryPoint && input.routeAuth === 'unknown') bump('likelihood', -0.15, 'authentication', 'its route could not be linked: reachability and authentication unknown');

  const cls = input.weakness ? classifyWeakness(input.weakness) : undefined;
  const gain = cls ? GAIN_IMPACT[cls] : undefined;
  if (cls && gain) bump('impact', gain, 'privileges', `gives ${GAIN_WORDS[cls]}`);

  if (input.reachableData === 'restricted') bump('impact', 0.1, 'data', 'restricted data (credentials, payment, secrets) is reachable');
  else if (input.reachableData === 'confidential') bump('impact', 0.05, 'data', 'confidential (personal) data is reachable');

  if (input.exploitMaturity) {
    const words = { unproven: 'no public exploit is known', 'proof-of-concept': 'a proof-of-concept exploit is public', functional: 'a working exploit is public', high: 'exploited in the wild' }[input.exploitMaturity];
    bump('likelihood', MATURITY_DELTA[input.exploitMaturity], 'exploit maturity', words);
  }

  applyMitigations(input, bump);

  if (input.confidence === 'low') bump('likelihood', -0.1, 'confidence', 'the detection is heuristic');

  likelihood = clamp(likelihood);
  impact = clamp(impact);
  const value = round1(10 * likelihood * impact);
  const severity = severityOf(value);
  const cvss = cvssOf(input, cls, exposure);
  const explanation = `${severity} ${value}/10 = likelihood ${likelihood.toFixed(2)} (${input.likelihood} base${factors
    .filter((f) => f.effect.endsWith('likelihood'))
    .map((f) => `, ${f.detail}`)
    .join('')}) × impact ${impact.toFixed(2)} (${input.impact} base${factors
    .filter((f) => f.effect.endsWith('impact'))
    .map((f) => `, ${f.detail}`)
    .join('')})${cvss ? `; CVSS ${cvss.score.toFixed(1)}` : ''}`;
  const score: Score = { value, likelihood: round1(likelihood * 10) / 10, impact: round1(impact * 10) / 10, factors, explanation };
  if (cvss) score.cvss = cvss;
  return score;
}

type Bump = (target: 'likelihood' | 'impact', delta: number, name: string, detail: string) => void;

/** Controls already standing in front of the threat lower its likelihood (factor "mitigations"). */
function applyMitigations(input: ScoreInput, bump: Bump): void {
  const inPlace = [...new Set(input.mitigationsInPlace ?? [])].sort();
  if (inPlace.length > 0) bump('likelihood', -Math.min(0.4, 0.2 * inPlace.length), 'mitigations', `in place: ${inPlace.join(', ')}`);
  const tags = input.entryPoint?.tags ?? [];
  const volume = input.weakness?.cwe.some((c) => VOLUME_CWES.has(c.toUpperCase())) ?? false;
  if (volume && tags.includes('rate-limited')) bump('likelihood', -0.1, 'mitigations', 'the entry point is rate limited');
  if (tags.includes('csrf-protected') && input.weakness?.cwe.includes('CWE-352')) bump('likelihood', -0.2, 'mitigations', 'the entry point checks a CSRF token');
}

/** A CVSS base vector for concrete weaknesses (not for architectural findings). */
function cvssOf(input: ScoreInput, cls: WeaknessClass | undefined, exposure: Component['exposure'] | undefined): Score['cvss'] {
  if (input.cvssVector) {
    const given = cvssBaseScore(input.cvssVector);
    if (given !== undefined) return { vector: input.cvssVector.trim(), score: given };
  }
  if (input.architectural || !input.weakness) return undefined;
  return cvssFor({
    cls,
    exposure,
    auth: input.entryPoint?.auth ?? input.routeAuth,
    impact: input.impact,
    goals: input.weakness.goals ?? [],
    stride: input.weakness.stride,
  });
}

function mostExposed(components: readonly Component[]): Component['exposure'] | undefined {
  if (components.some((c) => c.exposure === 'internet')) return 'internet';
  if (components.some((c) => c.exposure === 'internal')) return 'internal';
  return components.length > 0 ? 'none' : undefined;
}
