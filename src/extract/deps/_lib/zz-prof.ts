import { parseBlocks } from './blocks.js';
import { readPnpm } from '../pnpm-lock/parse.js';
const count = 4000;
const out = ["lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"];
for (let i = 0; i < 20; i++) out.push(`      '@big/pkg-${i}':\n        specifier: ^${i}.0.0\n        version: ${i}.0.0\n`);
out.push('\npackages:\n\n');
for (let i = 0; i < count; i++) out.push(`  '@big/pkg-${i}@${i}.0.0':\n    resolution: {integrity: sha512-${'C'.repeat(86)}==}\n    engines: {node: '>=18'}\n\n`);
out.push('snapshots:\n\n');
for (let i = 0; i < count; i++) {
  out.push(`  '@big/pkg-${i}@${i}.0.0':\n    dependencies:\n`);
  for (let j = 1; j <= 75; j++) out.push(`      '@big/pkg-${(i + j) % count}': ${(i + j) % count}.0.0\n`);
  out.push('\n');
}
const text = out.join('');
for (let k = 0; k < 3; k++) {
  let t0 = performance.now();
  parseBlocks(text);
  const a = performance.now() - t0;
  t0 = performance.now();
  readPnpm(text);
  console.log('blocks', Math.round(a), 'read', Math.round(performance.now() - t0));
}
