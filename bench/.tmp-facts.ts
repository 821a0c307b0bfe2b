import { readFileSync } from 'node:fs';
import { extractFile } from '../src/extract/engine.js';
import { extractors } from '../src/extract/registry.js';
const [file, kind] = [process.argv[2], process.argv[3]];
const root = process.argv[4] ?? '';
const rel = root ? file.slice(root.length + 1) : file;
const out = extractFile({ path: rel, content: readFileSync(file, 'utf8') }, extractors);
for (const f of out.facts) if (!kind || f.kind === kind || (f.kind === 'config' && f.setting === kind)) console.log(JSON.stringify(f).slice(0, 600));
