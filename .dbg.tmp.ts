import { extractFile, linkFacts } from './src/extract/engine.js';
import { extractors } from './src/extract/registry.js';
import { readFileSync } from 'node:fs';
const f = process.argv[2];
const out = extractFile({ path: f.replace(/^.*?apps\/[^/]+\//, ''), content: readFileSync(f, 'utf8') }, extractors);
for (const x of out.facts) if (x.kind === 'auth' && (x as any).role === 'guard-definition') console.log(JSON.stringify(x).slice(0, 300));
