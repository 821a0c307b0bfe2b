import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { command } from '../../src/cli/commands/validate.js';
import { tcFixture } from '../../src/tc/fixtures.js';
import { UsageError } from '../../src/util/errors.js';
import { captureIo, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

const fixture = (name: string): string => tcFixture(`synthetic/${name}`);

/** good.tc.json, nested/bad.tc.json, nested/deeper/warn.tc.json and an ignored notes.json. */
function workspace(): string {
  const dir = tempDir('validate');
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  copyFileSync(fixture('valid-minimal.tc.json'), join(dir, 'good.tc.json'));
  copyFileSync(fixture('bad-status.tc.json'), join(dir, 'nested', 'bad.tc.json'));
  copyFileSync(fixture('warn-statement-mismatch.tc.json'), join(dir, 'nested', 'deeper', 'warn.tc.json'));
  copyFileSync(fixture('bad-status.tc.json'), join(dir, 'node_modules', 'skipped.tc.json'));
  writeFileSync(join(dir, 'notes.json'), '{}');
  return dir;
}

test('a folder: every *.tc.json under it, sorted, with errors and warnings; exit 1', async () => {
  const dir = workspace();
  const c = captureIo(dir);
  assert.equal(await command.run(['.'], c.io), 1);
  assert.equal(
    c.out(),
    [
      '✓ good.tc.json',
      '✗ nested/bad.tc.json',
      '  error  threats[0].status: Invalid option: expected one of "threatIdentified"|"threatResolved"|"threatResolvedNotUseful"',
      '✓ nested/deeper/warn.tc.json',
      '  warn   threats[0].statement: differs from app rendering [statement-mismatch]',
      `         app renders: ${JSON.stringify(
        'An internet-based threat actor with access to the public API can inject SQL via the search parameter, which leads to reading all customer records, resulting in reduced confidentiality and/or integrity of customer database',
      )}`,
      '3 files: 2 importable, 1 not importable, 1 warning',
      '',
    ].join('\n'),
  );
});

test('importable files exit 0; --strict turns warnings into exit 1', async () => {
  const dir = workspace();
  assert.equal(await command.run(['good.tc.json', 'nested/deeper/warn.tc.json'], captureIo(dir).io), 0);
  assert.equal(await command.run(['good.tc.json', 'nested/deeper/warn.tc.json', '--strict'], captureIo(dir).io), 1);
  assert.equal(await command.run(['good.tc.json', '--strict'], captureIo(dir).io), 0);
});

test('--json prints files and an overall verdict', async () => {
  const dir = workspace();
  const c = captureIo(dir);
  assert.equal(await command.run(['nested', '--json'], c.io), 1);
  const report = JSON.parse(c.out()) as { files: { file: string; importable: boolean; errors: unknown[]; warnings: unknown[] }[]; valid: boolean };
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.files.map((f) => [f.file, f.importable, f.errors.length, f.warnings.length]),
    [
      ['nested/bad.tc.json', false, 1, 0],
      ['nested/deeper/warn.tc.json', true, 0, 1],
    ],
  );
  assert.deepEqual(Object.keys(report.files[0]), ['file', 'importable', 'errors', 'warnings']);
});

test('an unreadable path or a folder without .tc.json files exits 2', async () => {
  const dir = workspace();
  const missing = captureIo(dir);
  assert.equal(await command.run(['nope.tc.json'], missing.io), 2);
  assert.match(missing.err(), /nope\.tc\.json: ENOENT/);
  mkdirSync(join(dir, 'empty'));
  const empty = captureIo(dir);
  assert.equal(await command.run(['empty'], empty.io), 2);
  assert.match(empty.err(), /empty: no \*\.tc\.json files found/);
  assert.equal(await command.run(['good.tc.json', 'empty'], captureIo(dir).io), 2);
});

test('--stdin-name validates standard input under that name', async () => {
  const c = captureIo(tempDir('stdin'));
  const io = { ...c.io, stdin: Readable.from([readFileSync(fixture('bad-syntax.tc.json'))]) };
  assert.equal(await command.run(['--stdin-name', 'model/threats.tc.json'], io), 1);
  assert.match(c.out(), /^✗ model\/threats\.tc\.json\n {2}error {2}JSON parse error: /);
});

test('bad usage is a UsageError', async () => {
  const c = captureIo(tempDir('usage'));
  await assert.rejects(command.run([], c.io), UsageError);
  await assert.rejects(command.run(['x', '--staged'], c.io), UsageError);
  await assert.rejects(command.run(['--bogus'], c.io), UsageError);
});
