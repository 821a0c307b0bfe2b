import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { extractFile, linkFacts } from './src/extract/engine.js';
import { extractor } from './src/extract/js/taint/index.js';
import type { Fact, SinkFact } from './src/model/types.js';
const root = process.argv[2];
const files: string[] = [];
const visit = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); const s = statSync(p); if (s.isDirectory()) { if (!['node_modules', '.git', 'dist', 'build', 'frontend', 'test', 'cypress'].includes(n)) visit(p); } else if ((/\.(c?js|mjs|ts|tsx|jsx)$/.test(n) && !n.endsWith('.d.ts') && !/\.min\./.test(n) && s.size < 1e6) || n === 'package.json') files.push(p); } };
visit(root);
const facts: Fact[] = [];
for (const f of files) facts.push(...extractFile({ path: relative(root, f), content: readFileSync(f, 'utf8') }, [extractor]).facts);
const out = linkFacts(facts, [extractor]).filter((f): f is SinkFact => f.kind === 'sink');
for (const f of out.sort((a, b) => a.sink.localeCompare(b.sink) || a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line)) {
  console.log(`${f.sink.padEnd(15)} ${f.evidence.file}:${f.evidence.line}  ${f.api}  <- ${f.source}  [${f.route ?? ''}]  | ${f.evidence.snippet?.slice(0, 90)}`);
}
