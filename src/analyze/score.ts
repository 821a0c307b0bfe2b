import type { Classification, Component, EntryPoint, Level, Score, ScoreFactor, Severity } from '../model/types.js';

const LIKELIHOOD_BASE: Record<Level, number> = { low: 0.3, medium: 0.5, high: 0.7 };
const IMPACT_BASE: Record<Level, number> = { low: 0.3, medium: 0.6, high: 0.9 };

export interface ScoreInput {
  likelihood: Level;
  impact: Level;
  confidence: Level;
  /** Components the threat is about (exposure is taken from the most exposed). */
  components: readonly Component[];
  /** The entry point in front of the evidence, if any. */
  entryPoint?: EntryPoint;
  /** Highest classification of data reachable from the components. */
  reachableData?: Classification;
  /** Whether the rule judges a design property rather than a concrete code weakness. */
  architectural: boolean;
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

  if (input.reachableData === 'restricted') bump('impact', 0.1, 'data', 'restricted data (credentials, payment, secrets) is reachable');
  else if (input.reachableData === 'confidential') bump('impact', 0.05, 'data', 'confidential (personal) data is reachable');

  if (input.confidence === 'low') bump('likelihood', -0.1, 'confidence', 'the detection is heuristic');

  likelihood = clamp(likelihood);
  impact = clamp(impact);
  const value = round1(10 * likelihood * impact);
  const severity = severityOf(value);
  const explanation = `${severity} ${value}/10 = likelihood ${likelihood.toFixed(2)} (${input.likelihood} base${factors
    .filter((f) => f.effect.endsWith('likelihood'))
    .map((f) => `, ${f.detail}`)
    .join('')}) × impact ${impact.toFixed(2)} (${input.impact} base${factors
    .filter((f) => f.effect.endsWith('impact'))
    .map((f) => `, ${f.detail}`)
    .join('')})`;
  return { value, likelihood: round1(likelihood * 10) / 10, impact: round1(impact * 10) / 10, factors, explanation };
}

function mostExposed(components: readonly Component[]): Component['exposure'] | undefined {
  if (components.some((c) => c.exposure === 'internet')) return 'internet';
  if (components.some((c) => c.exposure === 'internal')) return 'internal';
  return components.length > 0 ? 'none' : undefined;
}
