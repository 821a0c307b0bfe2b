import { readFileSync } from 'node:fs';
import { parseJs } from './src/extract/js/_lib/parse.js';
import { Analyzer } from './src/extract/js/_lib/taint-engine.js';
const src = readFileSync('perf.tmp.ts', 'utf8');
const m = /const unit = \(i: number\) => `([\s\S]*?)`;\nconst content/.exec(src)!;
const unit = (i: number) => m[1].replaceAll('${i}', String(i)).replaceAll('\\`', '`').replaceAll('\\${', '${');
const content = Array.from({ length: 3000 }, (_, i) => unit(i)).join('\n');
const memo = new Map<string, unknown>();
const ctx = { parse<T>(p: string, b: () => T): T { if (!memo.has(p)) memo.set(p, b()); return memo.get(p) as T; }, diagnostic() {} };
let t = (process.cpuUsage().user / 1000);
const parsed = parseJs({ path: 'src/big.js', content }, ctx);
console.log('parse', ((process.cpuUsage().user / 1000) - t).toFixed(0));
for (let k = 0; k < 12; k++) {
  t = (process.cpuUsage().user / 1000);
  const r = new Analyzer({ file: 'src/big.js', content, parsed }).run(parsed.program);
  console.log('taint', ((process.cpuUsage().user / 1000) - t).toFixed(0), r.sinks.length, Object.keys(r.exports).length);
}
