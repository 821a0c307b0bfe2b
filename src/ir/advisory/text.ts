// Free text from a responder: "linux kernel", "OpenSSL < 3.0.14", "glibc iconv", "log4j",
// "minimist". A known component (kernel, OpenSSL, glibc, Log4j...) is recognised in the words; a
// version constraint in the text ("< 3.0.14", "before 3.0.14", "through 2.14.1") narrows it;
// anything else that looks like a package name is matched by name in every ecosystem.
import { findComponent, normalizeProductName } from './components.js';
import type { Advisory, VersionMatcher } from './types.js';

const MAX_TEXT = 500;

/** Comparators written in prose: `< 3.0.14`, `before 3.0.14`, `prior to 2.15.0`, `through 2.14.1`. */
export function constraintFromText(text: string): string | undefined {
  const parts: string[] = [];
  const version = String.raw`v?(\d[\w.+~-]*)`;
  for (const m of text.matchAll(new RegExp(String.raw`(<=|>=|<|>|==?)\s*${version}`, 'g'))) parts.push(`${m[1] === '==' ? '=' : m[1]}${m[2]}`);
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:before|prior to|below|older than)\s+${version}`, 'gi'))) parts.push(`<${m[1]}`);
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:through|up to|until)\s+${version}`, 'gi'))) parts.push(`<=${m[1]}`);
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:from|since|after)\s+${version}`, 'gi'))) parts.push(`>=${m[1]}`);
  return parts.length ? parts.map((p) => p.replace(/[.,;]+$/, '')).join(', ') : undefined;
}

export function parseFreeText(input: string): Advisory {
  const text = input.trim().slice(0, MAX_TEXT);
  const words = normalizeProductName(text.replace(/[<>=]+\s*v?\d[\w.+~-]*/g, ' ')).split(' ').filter(Boolean);
  const constraint = constraintFromText(text);
  const matcher: VersionMatcher = constraint ? { kind: 'spec', spec: constraint } : { kind: 'all' };
  const advisory: Advisory = {
    id: text,
    aliases: [],
    title: text,
    details: '',
    severity: {},
    cwes: [],
    packages: [],
    systems: [],
    unmapped: [],
    references: [],
    source: { format: 'text', input },
    notes: constraint ? [`version constraint read from the text: ${constraint}`] : ['no version was given: every version is treated as affected'],
  };
  // Longest window of 1–3 words that names a known component wins.
  for (let size = 3; size >= 1; size--) {
    for (let i = 0; i + size <= words.length; i++) {
      const known = findComponent(words.slice(i, i + size).join(' '));
      if (!known) continue;
      if (known.system) advisory.systems.push({ component: known.system, title: known.title, matcher, named: text });
      else for (const pkg of known.packages) advisory.packages.push({ ecosystem: pkg.ecosystem, rawEcosystem: pkg.ecosystem, name: pkg.name, matcher, functions: [], note: `"${text}" read as ${known.title} (${pkg.name})` });
      return advisory;
    }
  }
  const candidate = text.split(/\s+/)[0];
  if (/^[@\w][\w@/.:+-]{0,200}$/.test(candidate) && words.length <= 3) {
    advisory.packages.push({ ecosystem: '*', rawEcosystem: '*', name: candidate, matcher, functions: [], note: `"${candidate}" matched by name in every ecosystem` });
  } else {
    advisory.unmapped.push(text);
  }
  return advisory;
}
