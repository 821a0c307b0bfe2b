// `threatcode validate`: would AWS Threat Composer import these `.tc.json` files, and what would
// go wrong after it did? Exit 0 when every file is importable (and, with --strict, has no
// warning), 1 otherwise, 2 when a path cannot be read or holds no `.tc.json` file.
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findThreatComposerFiles } from '../../tc/files.js';
import { formatFileResult, formatSummary, type FileResult } from '../../tc/report.js';
import { readStagedThreatComposerFiles } from '../../tc/staged.js';
import { validateThreatComposer } from '../../tc/validate.js';
import { UsageError, messageOf } from '../../util/errors.js';
import type { Command, Io } from '../types.js';

/** Larger than any workspace the app could hold; a guard against reading something absurd. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

interface Input {
  file: string;
  text: string;
}

type Gathered = { inputs: Input[]; problems: string[] };

function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function readStdin(io: Io): Promise<string> {
  const stdin = (io as Io & { stdin?: Readable }).stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(path: string, cwd: string): Promise<Input> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
  return { file: display(cwd, path), text: await readFile(path, 'utf8') };
}

/** The files named on the command line, folders expanded; unreadable paths become problems. */
async function gatherPaths(paths: string[], cwd: string): Promise<Gathered> {
  const gathered: Gathered = { inputs: [], problems: [] };
  for (const arg of paths) {
    const path = resolve(cwd, arg);
    try {
      if (!(await stat(path)).isDirectory()) {
        gathered.inputs.push(await readInput(path, cwd));
        continue;
      }
      const files = await findThreatComposerFiles(path);
      if (files.length === 0) gathered.problems.push(`${arg}: no *.tc.json files found`);
      for (const file of files) gathered.inputs.push(await readInput(file, cwd));
    } catch (error) {
      gathered.problems.push(`${arg}: ${messageOf(error)}`);
    }
  }
  return gathered;
}

async function gather(positionals: string[], values: { staged?: boolean; 'stdin-name'?: string }, io: Io): Promise<Gathered> {
  const modes = [positionals.length > 0, values.staged === true, values['stdin-name'] !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give one or more paths, or --staged, or --stdin-name <name>');
  if (values['stdin-name'] !== undefined) return { inputs: [{ file: values['stdin-name'], text: await readStdin(io) }], problems: [] };
  if (values.staged) {
    try {
      return { inputs: readStagedThreatComposerFiles(io.cwd, io.env).map((f) => ({ file: f.path, text: f.text })), problems: [] };
    } catch (error) {
      return { inputs: [], problems: [`cannot read the git index: ${messageOf(error).split('\n')[0]}`] };
    }
  }
  return gatherPaths(positionals, io.cwd);
}

export const command: Command = {
  name: 'validate',
  summary: 'Check that AWS Threat Composer would import .tc.json files, and flag what would go wrong after',
  usage: [
    'threatcode validate <file|dir>... [--strict] [--json]',
    'threatcode validate --staged [--strict] [--json]      staged *.tc.json files (pre-commit hook)',
    'threatcode validate --stdin-name <name> [--json]      content from standard input',
    '',
    'A folder means every *.tc.json under it. Exit 0: all importable; 1: any not importable',
    '(or any warning with --strict); 2: a path cannot be read or holds no .tc.json file.',
  ].join('\n'),
  async run(argv: string[], io: Io): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { strict: { type: 'boolean' }, json: { type: 'boolean' }, staged: { type: 'boolean' }, 'stdin-name': { type: 'string' } },
      });
    } catch (error) {
      throw new UsageError(messageOf(error));
    }
    const { values, positionals } = parsed;
    const { inputs, problems } = await gather(positionals, values, io);
    for (const problem of problems) io.stderr.write(`threatcode validate: ${problem}\n`);
    if (problems.length > 0 && inputs.length === 0) return 2;

    const results: FileResult[] = inputs.map((input) => ({ file: input.file, ...validateThreatComposer(input.text, input.file) }));
    const valid = results.every((r) => r.importable && (!values.strict || r.warnings.length === 0));
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ files: results, valid }, null, 2)}\n`);
    } else {
      for (const result of results) io.stdout.write(`${formatFileResult(result)}\n`);
      if (results.length === 0) io.stdout.write('no staged .tc.json files\n');
      else io.stdout.write(`${formatSummary(results)}\n`);
    }
    if (problems.length > 0) return 2;
    return valid ? 0 : 1;
  },
};
