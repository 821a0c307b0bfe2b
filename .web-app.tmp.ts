import { analyzeDirectory } from './src/api/pipeline.js';
import { rules } from './src/rules/registry.js';
const mine = new Set((process.env.RULES ?? '').split(' ').filter(Boolean));
const dir = process.argv[2];
const t0 = Date.now();
const model = await analyzeDirectory(dir, { rules: rules.filter((r) => mine.size === 0 || mine.has(r.meta.id)), today: '2026-06-01' });
console.error(`time ${Date.now() - t0}ms`);
if (process.argv.includes('--eps')) for (const e of model.entryPoints.sort((a, b) => (a.evidence[0].file + a.evidence[0].line).localeCompare(b.evidence[0].file + b.evidence[0].line))) console.log(`EP ${e.kind} ${e.framework} ${e.method} ${e.path} auth=${e.auth} [${e.middleware.join(',')}] tags=${e.tags.join(',')} @${e.evidence[0].file}:${e.evidence[0].line}`);
for (const t of model.threats.sort((a, b) => a.ruleId.localeCompare(b.ruleId))) console.log(`TH ${t.ruleId} ${t.evidence[0]?.file}:${t.evidence[0]?.line} | ${t.title}`);
