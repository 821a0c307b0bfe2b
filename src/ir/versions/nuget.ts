// NuGet versions (NuGet.Versioning): Major.Minor.Patch[.Revision][-label][+metadata]; missing
// components are 0 (1.0 = 1.0.0 = 1.0.0.0), leading zeros do not count, prerelease labels compare
// case-insensitively (numeric labels numerically and before alphanumeric ones), metadata is
// ignored. Ranges: `1.0` means >= 1.0 (NuGet's minimum version), `[1.0]` exactly, `[1.0,2.0)`,
// `(,1.0]`, and floating `1.*`.
import { compareDigits, compareText, type Interval, type VersionScheme, type VersionSet } from './types.js';

interface NuGetVersion {
  parts: [string, string, string, string];
  labels: string[];
}

const NUGET = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]*)?\s*$/;

export function parseNuGet(text: string): NuGetVersion | undefined {
  if (text.length > 200) return undefined;
  const m = NUGET.exec(text);
  if (!m) return undefined;
  return { parts: [m[1], m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'], labels: m[5] ? m[5].toLowerCase().split('.') : [] };
}

function compareLabel(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return compareDigits(a, b);
  if (an !== bn) return an ? -1 : 1;
  return compareText(a, b);
}

export function compareNuGet(a: string, b: string): number {
  const x = parseNuGet(a);
  const y = parseNuGet(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareText(a, b);
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(x.parts[i], y.parts[i]);
    if (c !== 0) return c;
  }
  if (x.labels.length === 0 || y.labels.length === 0) return x.labels.length === y.labels.length ? 0 : x.labels.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(x.labels.length, y.labels.length); i++) {
    const c = compareLabel(x.labels[i], y.labels[i]);
    if (c !== 0) return c;
  }
  return x.labels.length === y.labels.length ? 0 : x.labels.length < y.labels.length ? -1 : 1;
}

function floating(text: string): Interval | undefined {
  const m = /^(\d+(?:\.\d+){0,2})\.\*$/.exec(text);
  if (text === '*') return {};
  if (!m) return undefined;
  const parts = m[1].split('.');
  const next = [...parts];
  next[next.length - 1] = String(BigInt(next[next.length - 1]) + 1n);
  return { lo: { version: `${parts.join('.')}`, inclusive: true }, hi: { version: `${next.join('.')}-0`, inclusive: false } };
}

export function nugetRange(spec: string): VersionSet | undefined {
  const text = spec.replace(/\s+/g, '');
  if (text === '' || text.length > 200) return undefined;
  const float = floating(text);
  if (float) return [float];
  if (!/^[[(]/.test(text)) return parseNuGet(text) ? [{ lo: { version: text, inclusive: true } }] : undefined;
  const m = /^([[(])([^,\][()]*)(?:,([^,\][()]*))?([\])])$/.exec(text);
  if (!m) return undefined;
  const [, open, low, high, close] = m;
  if (high === undefined) {
    if (open !== '[' || close !== ']' || !parseNuGet(low)) return undefined;
    return [{ lo: { version: low, inclusive: true }, hi: { version: low, inclusive: true } }];
  }
  const interval: Interval = {};
  if (low) {
    if (!parseNuGet(low)) return undefined;
    interval.lo = { version: low, inclusive: open === '[' };
  }
  if (high) {
    if (!parseNuGet(high)) return undefined;
    interval.hi = { version: high, inclusive: close === ']' };
  }
  return [interval];
}

export const nugetScheme: VersionScheme = {
  id: 'nuget',
  valid: (v) => parseNuGet(v) !== undefined,
  compare: compareNuGet,
  range: nugetRange,
};
