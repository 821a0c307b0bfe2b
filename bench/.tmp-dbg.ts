import { readFileSync } from 'node:fs';
import { jsIndex } from '../src/extract/js/_lib/ast.js';
import { summarizeHandler } from '../src/extract/js/_lib/routes-handler.js';
const file = process.argv[2];
const content = readFileSync(file, 'utf8');
const cache = new Map<string, unknown>();
const ctx = { parse<T>(p: string, b: () => T): T { if (!cache.has(p)) cache.set(p, b()); return cache.get(p) as T; }, diagnostic() {} };
const index = jsIndex({ path: file, content }, ctx);
for (const [name, v] of index.exports) {
  if (v.type !== 'ArrowFunctionExpression' && v.type !== 'FunctionExpression') continue;
  const s = summarizeHandler(v as never, index);
  console.log(name, JSON.stringify({ tags: s.tags, access: s.access.map((a) => [a.model, a.operation, a.idSource]) }));
}
import { nodesUnder, calleeProperty, memberPath, calleeObject } from '../src/extract/js/_lib/ast.js';
for (const [name, v] of index.exports) {
  if (name !== 'displayAllocations') continue;
  const body = (v as never as { body: never }).body;
  const text = index.text(body).replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/[^\n]*/g, '$1');
  console.log(text.slice(0, 300));
  for (const c of nodesUnder(body, 'CallExpression')) console.log(calleeProperty(c), memberPath(calleeObject(c)));
}
