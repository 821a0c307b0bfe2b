// Exclusive CPU time per extractor and per shared parse over a corpus, in this thread (nested
// parses are charged to the parse, not to the extractor that asked first):
//   node --import tsx bench/extractors.ts [bench/corpora/payload]
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { extractors } from '../src/extract/registry.js';
import type { ExtractContext } from '../src/extract/types.js';
const root = process.argv[2] ?? 'bench/corpora/payload';
// A git checkout lists its files; a plain folder (an extracted archive) is listed by find.
const listing = existsSync(`${root}/.git`) ? 'git ls-files' : "find . -type f -not -path '*/node_modules/*' -printf '%P\\n'";
const files = execSync(listing, { cwd: root, encoding: 'utf8', maxBuffer: 1e8 }).split('\n').filter(Boolean);
const t = new Map<string, number>();
const add = (k: string, ms: number) => t.set(k, (t.get(k) ?? 0) + ms);
const stack: number[] = [];
function timed<T>(k: string, f: () => T): T { stack.push(0); const s = performance.now(); try { return f(); } finally { const el = performance.now() - s; const child = stack.pop()!; add(k, el - child); if (stack.length) stack[stack.length - 1] += el; } }
let n = 0;
for (const path of files) {
  const ex = extractors.filter((e) => e.matches(path));
  if (ex.length === 0) continue;
  let content: string;
  try { content = readFileSync(`${root}/${path}`, 'utf8'); } catch { continue; }
  if (content.length > 1_000_000) continue;
  n++;
  const parsed = new Map<string, unknown>();
  const ctx = { parse<T>(p: string, b: () => T): T { if (!parsed.has(p)) { timed(`parse:${p.split(':')[0]}`, () => { try { parsed.set(p, b()); } catch (e) { parsed.set(p, e); } }); } const v = parsed.get(p); if (v instanceof Error) throw v; return v as T; }, diagnostic() {} } as ExtractContext;
  for (const e of ex) {
    if (e.signals && !e.signals.some((s) => content.includes(s))) continue;
    timed(e.id, () => { try { e.extract({ path, content }, ctx); } catch { /* counted like the pipeline: a failing extractor costs its time */ } });
  }
}
const rows = [...t.entries()].sort((a, b) => b[1] - a[1]);
let total = 0; for (const [, v] of rows) total += v;
console.log(n, 'files, total ms', total.toFixed(0));
for (const [k, v] of rows.slice(0, 25)) console.log(k.padEnd(30), v.toFixed(0));
