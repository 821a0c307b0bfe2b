import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { blameLines, parsePorcelain } from '../../src/catalog/blame.js';
import { publishSource } from '../../src/catalog/publish.js';
import { readProductFile } from '../../src/catalog/txn.js';
import type { ThreatModel } from '../../src/model/types.js';
import type { ReachIndex } from '../../src/catalog/reach-types.js';
import { commitAll, git, gitTestEnv, hasGit, makeGitRepo, writeFiles } from '../helpers/git.js';
import { scratchDir } from '../../src/util/scratch.js';

const APP = `const express = require('express');
const { exec } = require('child_process');
const app = express();
app.get('/convert', (req, res) => {
  exec('convert ' + req.query.file, () => res.end());
});
app.listen(3000);
`;

describe('catalog: git blame on evidence', { skip: !hasGit() }, () => {
  it('parses porcelain output, skipping uncommitted and boundary lines', () => {
    const sha = 'a'.repeat(40);
    const text = [`${sha} 1 1 1`, 'author Ada Lovelace', 'author-mail <ada@example.com>', 'author-time 1700000000', 'author-tz +0000', 'filename x.js', '\tline', `${'0'.repeat(40)} 2 2 1`, 'author Not Committed Yet', 'author-mail <not.committed.yet>', 'author-time 1700000001', '\tline2', `${'b'.repeat(40)} 3 3 1`, 'author Old', 'author-time 1', 'boundary', '\tline3'].join('\n');
    const blame = parsePorcelain(text);
    assert.deepEqual(blame.get(1), { commit: sha, author: 'Ada Lovelace', email: 'ada@example.com', date: '2023-11-14T22:13:20Z' });
    assert.equal(blame.has(2), false);
    assert.equal(blame.has(3), false);
  });
  it('puts the last commit and author on threat evidence and import lines', async () => {
    const repo = scratchDir('threatcode-blame-');
    makeGitRepo(repo, { 'package.json': '{"name":"blamed","dependencies":{"express":"^4.18.2"}}\n', 'src/app.js': APP, CODEOWNERS: '* @acme/blamed\n' });
    // A second author changes the line with the command injection.
    writeFiles(repo, { 'src/app.js': APP.replace("exec('convert ' + req.query.file", "exec('magick ' + req.query.file") });
    git(repo, '-c', 'user.name=Grace Hopper', '-c', 'user.email=grace@example.com', 'commit', '-q', '-am', 'use magick', '--author=Grace Hopper <grace@example.com>');
    const head = git(repo, 'rev-parse', 'HEAD');
    appendFileSync(join(repo, 'src/app.js'), '// not committed yet\n');
    const catalog = scratchDir('threatcode-blame-cat-');
    await publishSource(catalog, { source: repo, product: 'blamed', env: gitTestEnv() });
    const model = JSON.parse((await readProductFile(catalog, 'blamed', 'model.json'))!) as ThreatModel;
    const injection = model.threats.flatMap((t) => t.evidence).find((e) => e.file === 'src/app.js' && e.line === 5);
    assert.ok(injection, 'the command-injection evidence is at src/app.js:5');
    assert.equal(injection.blame?.commit, head);
    assert.equal(injection.blame?.author, 'Grace Hopper');
    assert.deepEqual(model.product.owners, ['@acme/blamed']);
    const reach = JSON.parse((await readProductFile(catalog, 'blamed', 'reach.json'))!) as ReachIndex;
    const express = reach.imports.find((i) => i.package === 'express')!;
    assert.equal(express.blame?.author, 'Test Author');
    const lines = await blameLines(repo, [{ file: 'src/app.js', line: 8 }, { file: 'src/app.js', line: 1 }, { file: '../outside', line: 1 }, { file: 'missing.js', line: 1 }], { env: gitTestEnv() });
    assert.equal(lines.get('src/app.js')?.has(8), false, 'uncommitted line: no blame');
    assert.equal(lines.get('src/app.js')?.get(1)?.author, 'Test Author');
    assert.equal(lines.has('missing.js'), false);
    void commitAll;
  });
});
