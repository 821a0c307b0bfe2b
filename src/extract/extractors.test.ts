import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractFile } from './engine.js';
import { extractors } from './registry.js';

const BASE = fileURLToPath(new URL('.', import.meta.url));

function folders(): string[] {
  const ids: string[] = [];
  for (const group of readdirSync(BASE).sort()) {
    if (group.startsWith('_') || !statSync(join(BASE, group)).isDirectory()) continue;
    for (const name of readdirSync(join(BASE, group)).sort()) {
      if (name.startsWith('_') || name === 'fixtures' || !statSync(join(BASE, group, name)).isDirectory()) continue;
      ids.push(`${group}/${name}`);
    }
  }
  return ids;
}

test('every extractor folder is registered, and every registered extractor has a folder', () => {
  assert.deepEqual(extractors.map((e) => e.id).sort(), folders());
});

describe('extractor folders', () => {
  for (const id of folders()) {
    test(id, () => {
      const dir = join(BASE, id);
      assert.ok(existsSync(join(dir, 'index.ts')), 'index.ts');
      assert.ok(existsSync(join(dir, 'readme.md')), 'readme.md documents what it reads, the facts it emits and its limits');
      assert.ok(readdirSync(dir).some((f) => f.endsWith('.test.ts')), 'a colocated *.test.ts');
      const extractor = extractors.find((e) => e.id === id);
      assert.ok(extractor && extractor.title.length > 0);
    });
  }
});

test('extractors are lenient: garbage in every matching file gives diagnostics at most, never a throw', () => {
  const garbage = '\u0000\u0001{{{ <<< ]]] "unterminated \n'.repeat(50);
  const paths = ['a.js', 'a.ts', 'a.tsx', 'package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'Dockerfile', 'docker-compose.yml', 'schema.sql', 'schema.prisma', 'Caddyfile', 'src/api/admin/products/route.ts', 'src/api/middlewares.ts'];
  for (const path of paths) {
    const out = extractFile({ path, content: garbage }, extractors);
    assert.ok(Array.isArray(out.facts));
    for (const d of out.diagnostics) assert.equal(d.file, path);
  }
});

test('extractors are lenient past their signals: unparseable code holding every signal word gives diagnostics naming the file, never a throw', () => {
  // Each extractor's cheap gate passes, so each one meets the broken file itself.
  const signals = [...new Set(extractors.flatMap((e) => e.signals ?? []))].join(' ');
  const broken = `${signals}\nimport { from "x"\n{{{ <<< ]]] "unterminated\n`;
  for (const path of ['src/server.js', 'src/routes/api.users.ts', 'src/app.tsx', 'server/rpc.mjs']) {
    const out = extractFile({ path, content: broken }, extractors);
    assert.ok(Array.isArray(out.facts));
    assert.ok(out.diagnostics.length > 0, 'the parse problem is reported');
    for (const d of out.diagnostics) assert.equal(d.file, path);
  }
});

test('a file that does not parse gets one diagnostic naming every extractor it stopped, not one each', () => {
  const out = extractFile({ path: 'src/broken.js', content: 'import { from "express"\nrequire("jsonwebtoken"); app.get("/", (req, res) => eval(req.query.x));\n' }, extractors);
  const parseProblems = out.diagnostics.filter((d) => d.code === 'extractor-error' && d.message.includes('parse error'));
  assert.equal(parseProblems.length, 1, JSON.stringify(out.diagnostics));
  assert.match(parseProblems[0].message, /^js\/[a-z-]+, js\/[a-z-]+.* could not read this file: parse error: /);
});
