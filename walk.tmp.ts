import { readFileSync } from 'node:fs';
import { parseJs } from './src/extract/js/_lib/parse.js';
import { visitorKeys } from 'oxc-parser';
const src = readFileSync('perf.tmp.ts', 'utf8');
const m = /const unit = \(i: number\) => `([\s\S]*?)`;\nconst content/.exec(src)!;
const unit = (i: number) => m[1].replaceAll('${i}', String(i)).replaceAll('\\`', '`').replaceAll('\\${', '${');
const content = Array.from({ length: 3000 }, (_, i) => unit(i)).join('\n');
const memo = new Map<string, unknown>();
const ctx = { parse<T>(p: string, b: () => T): T { if (!memo.has(p)) memo.set(p, b()); return memo.get(p) as T; }, diagnostic() {} };
const parsed = parseJs({ path: 'src/big.js', content }, ctx);
let nodes = 0;
const walk = (n: any): void => { if (!n || typeof n !== 'object') return; if (Array.isArray(n)) { for (const x of n) walk(x); return; } nodes++; const keys = visitorKeys[n.type]; if (keys) for (const k of keys) walk(n[k]); };
for (let i = 0; i < 8; i++) { const t = performance.now(); nodes = 0; walk(parsed.program); console.log('walk', (performance.now() - t).toFixed(0), nodes); }
