import { analyzeDirectory } from './src/api/pipeline.js';
import { extractFile, linkFacts } from './src/extract/engine.js';
import { extractors } from './src/extract/registry.js';
import { walkRepository, readSourceFile } from './src/walk/index.js';
const root = process.argv[2];
const want = process.argv[3];
const { files } = await walkRepository(root, {} as never) as unknown as { files: { path: string }[] };
void analyzeDirectory;
const facts = [];
for (const f of files) {
  const src = await readSourceFile(root, f.path, 2_000_000, []);
  if (!src) continue;
  facts.push(...extractFile({ path: f.path, content: src.content }, extractors).facts);
}
const linked = linkFacts(facts, extractors);
for (const x of linked) if (x.kind === 'entrypoint' && (!want || `${x.method} ${x.path}`.includes(want))) console.log(x.method, x.path, x.auth, JSON.stringify(x.authEvidence));
