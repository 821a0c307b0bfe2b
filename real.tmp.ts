import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { parseJs } from './src/extract/js/_lib/parse.js';
import { Analyzer } from './src/extract/js/_lib/taint-engine.js';
const roots = process.argv.slice(2);
const files: string[] = [];
const visit = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); const s = statSync(p); if (s.isDirectory()) { if (n !== 'node_modules' && n !== 'test' && n !== 'tests') visit(p); } else if (/\.(c?js|mjs|ts)$/.test(n) && !n.endsWith('.d.ts') && s.size < 2e6) files.push(p); } };
for (const r of roots) visit(r);
const contents = files.map((f) => readFileSync(f, 'utf8'));
const bytes = contents.reduce((a, c) => a + c.length, 0);
let parseT = 0, taintT = 0, sinks = 0;
for (let round = 0; round < 2; round++) {
  parseT = 0; taintT = 0; sinks = 0;
  contents.forEach((content, i) => {
    const memo = new Map<string, unknown>();
    const ctx = { parse<T>(p: string, b: () => T): T { if (!memo.has(p)) memo.set(p, b()); return memo.get(p) as T; }, diagnostic() {} };
    let t = (process.cpuUsage().user / 1000);
    let parsed;
    try { parsed = parseJs({ path: files[i], content }, ctx); } catch { return; }
    parseT += (process.cpuUsage().user / 1000) - t;
    t = (process.cpuUsage().user / 1000);
    const r = new Analyzer({ file: files[i], content, parsed }).run(parsed.program);
    taintT += (process.cpuUsage().user / 1000) - t;
    sinks += r.sinks.length;
  });
}
console.log({ files: files.length, MB: (bytes / 1e6).toFixed(1), parseMs: parseT.toFixed(0), taintMs: taintT.toFixed(0), ratio: (taintT / parseT).toFixed(2), sinks });
