import { analyzeDirectory } from './src/api/pipeline.js';
const model = await analyzeDirectory(process.argv[2], { rules: [], today: '2026-06-01' });
for (const c of model.components) console.log('C', c.id.slice(0,8), c.name, c.kind, c.exposure, c.paths.join(','));
const eps = model.entryPoints.filter((e) => e.evidence[0].file === 'server.ts').slice(0, 5);
for (const e of eps) console.log('E', e.method, e.path, e.exposure, e.component.slice(0,8));
