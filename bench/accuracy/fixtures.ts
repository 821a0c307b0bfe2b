// Recall and precision of every rule on its own annotated fixture, per pack and per language.
//
//   node --import tsx bench/accuracy/fixtures.ts [--json out.json] [--pack web]
//
// The rule test (src/rules/rules.test.ts) fails on any missed `ruleid:` line, any finding on an
// `ok:` line and any finding on an unannotated line, so on a green suite precision is 100 % by
// construction; what this script adds is the count of everything that is checked, and the known
// misses: `todoruleid:` lines (a weakness the rule should report and does not yet) count against
// recall here, while the test tolerates them. Language is taken from the evidence file's extension.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { readAnnotations } from '../../src/rules/annotations.js';
import { rules } from '../../src/rules/registry.js';

const RULES_DIR = fileURLToPath(new URL('../../src/rules/', import.meta.url));

const LANGUAGE: Record<string, string> = {
  js: 'JavaScript', cjs: 'JavaScript', mjs: 'JavaScript', jsx: 'JavaScript', ts: 'TypeScript', tsx: 'TypeScript',
  py: 'Python', go: 'Go', java: 'Java', kt: 'Kotlin', cs: 'C#', rb: 'Ruby', php: 'PHP', erb: 'Ruby',
  tf: 'Terraform', yaml: 'YAML', yml: 'YAML', json: 'JSON', proto: 'protobuf', graphql: 'GraphQL', gql: 'GraphQL',
};

function languageOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (/^Dockerfile/i.test(base) || base.endsWith('.dockerfile')) return 'Dockerfile';
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  return LANGUAGE[ext] ?? (ext || base);
}

interface Tally {
  /** `ruleid:` lines (reported, or the test fails). */
  expected: number;
  found: number;
  /** `todoruleid:` lines: known misses. */
  knownMisses: number;
  /** `ok:` lines checked to stay silent, and those that did not. */
  forbidden: number;
  forbiddenHit: number;
  /** Findings on lines without any annotation of the rule. */
  unannotated: number;
}

const empty = (): Tally => ({ expected: 0, found: 0, knownMisses: 0, forbidden: 0, forbiddenHit: 0, unannotated: 0 });

function add(table: Map<string, Tally>, key: string, change: Partial<Tally>): void {
  const tally = table.get(key) ?? empty();
  for (const [field, value] of Object.entries(change) as [keyof Tally, number][]) tally[field] += value;
  table.set(key, tally);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}

function row(name: string, t: Tally): string {
  const recall = percent(t.found, t.expected + t.knownMisses);
  const precision = percent(t.found, t.found + t.forbiddenHit + t.unannotated);
  return `| ${name} | ${t.expected + t.knownMisses} | ${t.found} | ${t.knownMisses} | ${t.forbidden} | ${t.forbiddenHit} | ${t.unannotated} | ${recall} | ${precision} |`;
}

const { values } = parseArgs({ options: { json: { type: 'string' }, pack: { type: 'string' } } });
const byPack = new Map<string, Tally>();
const byLanguage = new Map<string, Tally>();
const total = new Map<string, Tally>();
const misses: string[] = [];

for (const rule of rules.filter((r) => !values.pack || r.meta.pack === values.pack)) {
  const { id, pack } = rule.meta;
  const dir = `${RULES_DIR}${pack}/${id}.fixture`;
  const annotations = readAnnotations(dir).filter((a) => a.ruleId === id);
  const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', pool: false });
  const found = new Set(model.threats.filter((t) => t.ruleId === id).map((t) => `${t.evidence[0]?.file}:${t.evidence[0]?.line}`));
  const annotated = new Set<string>();
  for (const a of annotations) {
    const at = `${a.file}:${a.line}`;
    const hit = found.has(at);
    const tally: Partial<Tally> =
      a.kind === 'ruleid' ? { expected: 1, found: hit ? 1 : 0 }
      : a.kind === 'todoruleid' ? (hit ? { expected: 1, found: 1 } : { knownMisses: 1 })
      : a.kind === 'ok' ? { forbidden: 1, forbiddenHit: hit ? 1 : 0 }
      : {};
    if (a.kind === 'ruleid' || a.kind === 'todoruleid') annotated.add(at);
    if (a.kind === 'ok' && hit) annotated.add(at);
    if ((a.kind === 'ruleid' || a.kind === 'todoruleid') && !hit) misses.push(`${pack}/${id}: ${a.file}:${a.line}${a.kind === 'todoruleid' ? ' (todo)' : ''}`);
    for (const table of [byPack, byLanguage, total]) add(table, table === byPack ? pack : table === byLanguage ? languageOf(a.file) : 'all', tally);
  }
  for (const at of found) {
    if (annotated.has(at)) continue;
    const file = at.slice(0, at.lastIndexOf(':'));
    for (const table of [byPack, byLanguage, total]) add(table, table === byPack ? pack : table === byLanguage ? languageOf(file) : 'all', { unannotated: 1 });
  }
}

const header = '| group | expected | found | known misses | ok lines | ok lines hit | unannotated | recall | precision |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
const sorted = (table: Map<string, Tally>) => [...table.entries()].sort((a, b) => a[0].localeCompare(b[0]));
console.log(`${rules.length} rules\n\nBy pack\n\n${header}`);
for (const [name, t] of sorted(byPack)) console.log(row(name, t));
console.log(row('**all**', total.get('all') ?? empty()));
console.log(`\nBy language of the annotated file\n\n${header}`);
for (const [name, t] of sorted(byLanguage)) console.log(row(name, t));
if (misses.length > 0) console.log(`\nMissed lines:\n${misses.map((m) => `- ${m}`).join('\n')}`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ byPack: Object.fromEntries(sorted(byPack)), byLanguage: Object.fromEntries(sorted(byLanguage)), total: total.get('all'), misses }, null, 2)}\n`);
}
