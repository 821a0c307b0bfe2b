// CVSS v3.1 base vectors for concrete weaknesses, derived from what the model knows about the
// finding (exposure, authentication, impacted goals, gain class), scored by ae-cvss-calculator
// (a maintained implementation of the FIRST specification; the spec's worked examples are in
// cvss.test.ts). The derivation is documented in src/analyze/graph/readme.md ("CVSS").
import cvssCalculator from 'ae-cvss-calculator';
import type { AuthLevel, Exposure, Level, StrideLetter } from '../model/types.js';
import type { WeaknessClass } from './graph/semantics.js';

const { Cvss3P1, Cvss3P0, Cvss4P0 } = cvssCalculator;

export interface CvssInput {
  cls?: WeaknessClass;
  /** Exposure of the entry point in front of the weakness, or of its component. */
  exposure?: Exposure;
  /** Authentication the entry point requires; undefined when no entry point was located. */
  auth?: AuthLevel;
  /** The rule's impact level. */
  impact: Level;
  /** Impacted goals of the threat grammar (confidentiality, integrity, availability, ...). */
  goals: readonly string[];
  stride: readonly StrideLetter[];
}

export interface CvssResult {
  vector: string;
  score: number;
}

type Cia = 'N' | 'L' | 'H';

const LOCAL_CLASSES = new Set<WeaknessClass>(['container-escape', 'workload-identity', 'container-root']);
const HIGH_COMPLEXITY = new Set<WeaknessClass>(['cleartext', 'account-takeover']);
const USER_INTERACTION = new Set<WeaknessClass>(['xss', 'csrf']);
const SCOPE_CHANGED = new Set<WeaknessClass>(['ssrf', 'xss', 'container-escape', 'workload-identity']);

function attackVector(input: CvssInput): string {
  if (input.cls && LOCAL_CLASSES.has(input.cls)) return 'L';
  if (input.exposure === 'internal') return 'A';
  if (input.exposure === 'none') return 'L';
  return 'N';
}

function privilegesRequired(input: CvssInput): string {
  if (input.cls && LOCAL_CLASSES.has(input.cls)) return 'L';
  if (input.auth === 'admin') return 'H';
  if (input.auth === 'user' || input.auth === 'unknown') return 'L';
  return 'N';
}

function impacts(input: CvssInput): { c: Cia; i: Cia; a: Cia } {
  if (input.cls === 'code-exec' || input.cls === 'container-escape' || input.cls === 'workload-identity' || input.cls === 'upload-exec') return { c: 'H', i: 'H', a: 'H' };
  if (input.cls === 'dos') return { c: 'N', i: 'N', a: input.impact === 'low' ? 'L' : 'H' };
  const level: Cia = input.impact === 'high' ? 'H' : 'L';
  const goals = new Set(input.goals);
  if (goals.size === 0) {
    // No grammar goals: fall back to STRIDE letters.
    if (input.stride.includes('I') || input.stride.includes('S') || input.stride.includes('E')) goals.add('confidentiality');
    if (input.stride.includes('T') || input.stride.includes('S') || input.stride.includes('E') || input.stride.includes('R')) goals.add('integrity');
    if (input.stride.includes('D')) goals.add('availability');
  }
  const c: Cia = goals.has('confidentiality') ? level : 'N';
  const i: Cia = goals.has('integrity') || goals.has('authenticity') ? level : goals.has('accountability') ? 'L' : 'N';
  const a: Cia = goals.has('availability') ? level : 'N';
  if (input.cls === 'data-injection') return { c: 'H', i: 'H', a };
  if (c === 'N' && i === 'N' && a === 'N') return { c: 'L', i: 'N', a: 'N' };
  return { c, i, a };
}

/** The base vector for a concrete weakness (see readme.md for the table this follows). */
export function deriveCvssVector(input: CvssInput): string {
  const { c, i, a } = impacts(input);
  const ac = input.cls && HIGH_COMPLEXITY.has(input.cls) ? 'H' : 'L';
  const ui = input.cls && USER_INTERACTION.has(input.cls) ? 'R' : 'N';
  const s = input.cls && SCOPE_CHANGED.has(input.cls) ? 'C' : 'U';
  return `CVSS:3.1/AV:${attackVector(input)}/AC:${ac}/PR:${privilegesRequired(input)}/UI:${ui}/S:${s}/C:${c}/I:${i}/A:${a}`;
}

/** Base score of a CVSS 3.0, 3.1 or 4.0 vector; undefined when the vector is not valid. */
export function cvssBaseScore(vector: string): number | undefined {
  try {
    const trimmed = vector.trim();
    const calculator = trimmed.startsWith('CVSS:3.1/') ? new Cvss3P1(trimmed) : trimmed.startsWith('CVSS:3.0/') ? new Cvss3P0(trimmed) : trimmed.startsWith('CVSS:4.0/') ? new Cvss4P0(trimmed) : undefined;
    if (!calculator || !calculator.isBaseFullyDefined()) return undefined;
    const base = calculator.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

export function cvssFor(input: CvssInput): CvssResult {
  const vector = deriveCvssVector(input);
  return { vector, score: cvssBaseScore(vector) ?? 0 };
}

/** CVSS qualitative rating (specification §5). */
export function cvssRating(score: number): 'none' | 'low' | 'medium' | 'high' | 'critical' {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}
