import { analyzeDirectory } from './src/api/pipeline.js';
import { readAnnotations } from './src/rules/annotations.js';
import { rules } from './src/rules/registry.js';
for (const id of process.argv.slice(2)) {
  const rule = rules.find((r) => r.meta.id === id)!;
  const dir = `src/rules/web/${id}.fixture`;
  const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01' });
  const found = model.threats.filter((t) => t.ruleId === id).map((t) => `${t.evidence[0]?.file}:${t.evidence[0]?.line}`).sort();
  const ann = readAnnotations(dir).filter((a) => a.ruleId === id);
  const exp = ann.filter((a) => a.kind === 'ruleid').map((a) => `${a.file}:${a.line}`).sort();
  const ok = ann.filter((a) => a.kind === 'ok').map((a) => `${a.file}:${a.line}`);
  const missing = exp.filter((e) => !found.includes(e));
  const extra = found.filter((f) => !exp.includes(f));
  const bad = found.filter((f) => ok.includes(f));
  console.log(`${missing.length + extra.length + bad.length === 0 ? 'PASS' : 'FAIL'} ${id} found=[${found.join(' ')}] missing=[${missing.join(' ')}] extra=[${extra.join(' ')}]`);
  if (process.env.V) console.log(JSON.stringify(model.threats.map((t) => [t.title, t.evidence]), null, 1));
}
