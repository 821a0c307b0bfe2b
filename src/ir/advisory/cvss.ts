// CVSS v3.x base score from a vector (FIRST's specification, section 7), so an OSV record that
// only carries the vector still gets a number and a rating.
import type { Severity } from '../../model/types.js';

const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

export interface CvssV3 {
  score: number;
  attackVector: 'N' | 'A' | 'L' | 'P';
}

export function cvss3(vector: string): CvssV3 | undefined {
  const m = /^CVSS:3\.[01]\/(.*)$/.exec(vector.trim());
  if (!m) return undefined;
  const metrics = new Map(m[1].split('/').map((p) => p.split(':') as [string, string]));
  const get = (k: string) => metrics.get(k);
  const av = get('AV') as keyof typeof W.AV;
  const ac = get('AC') as keyof typeof W.AC;
  const pr = get('PR');
  const ui = get('UI') as keyof typeof W.UI;
  const s = get('S');
  const [c, i, a] = ['C', 'I', 'A'].map((k) => get(k) as keyof typeof W.CIA);
  if (!(av in W.AV) || !(ac in W.AC) || !(ui in W.UI) || !['N', 'L', 'H'].includes(pr ?? '') || !['U', 'C'].includes(s ?? '')) return undefined;
  if (![c, i, a].every((x) => x in W.CIA)) return undefined;
  const changed = s === 'C';
  const prW = pr === 'N' ? 0.85 : pr === 'L' ? (changed ? 0.68 : 0.62) : changed ? 0.5 : 0.27;
  const iss = 1 - (1 - W.CIA[c]) * (1 - W.CIA[i]) * (1 - W.CIA[a]);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * W.AV[av] * W.AC[ac] * prW * W.UI[ui];
  const score = impact <= 0 ? 0 : roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
  return { score, attackVector: av };
}

/** CVSS v4 vectors: only the attack vector is read (the v4 score needs the full lookup table). */
export function cvss4AttackVector(vector: string): CvssV3['attackVector'] | undefined {
  const m = /^CVSS:4\.0\/.*\bAV:([NALP])\b/.exec(vector.trim());
  return m ? (m[1] as CvssV3['attackVector']) : undefined;
}

export function ratingOf(score: number): Severity | undefined {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return undefined;
}
