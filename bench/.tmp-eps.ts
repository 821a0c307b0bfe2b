import { analyzeDirectory } from '../src/api/pipeline.js';
const dir = process.argv[2];
const what = process.argv[3] ?? 'eps';
const model = await analyzeDirectory(dir, { today: '2026-06-01' });
if (what === 'eps') for (const e of model.entryPoints) console.log(e.method, e.path, e.auth, e.evidence[0]?.file + ':' + e.evidence[0]?.line, JSON.stringify(e.middleware), e.tags.join(','));
if (what === 'threats') for (const t of model.threats) console.log(t.ruleId, t.evidence.map((e) => `${e.file}:${e.line}`).join(' '), t.confidence, t.title);
