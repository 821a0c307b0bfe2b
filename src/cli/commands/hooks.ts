// `threatcode hooks install`: a git pre-commit hook that refuses commits of .tc.json files AWS
// Threat Composer would not import. The hook runs this very installation (its node and its
// bin/threatcode.js, by absolute path), so it works without threatcode on PATH.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HookConflictError, installPreCommitHook } from '../../tc/hook-install.js';
import { UsageError, messageOf } from '../../util/errors.js';
import { packageFile } from '../../util/package-root.js';
import type { Command, Io } from '../types.js';

/** [node, <this package>/bin/threatcode.js]. */
export function defaultRunner(): string[] {
  return [process.execPath, packageFile(import.meta.url, 'bin', 'threatcode.js')];
}

export const command: Command = {
  name: 'hooks',
  summary: 'Install a git pre-commit hook that validates staged .tc.json files',
  usage: [
    'threatcode hooks install [--repo <dir>] [--force]',
    '',
    'Writes the pre-commit hook of the repository (honouring core.hooksPath). An existing hook',
    'that threatcode did not write is kept only with --force: it is renamed pre-commit.local and',
    'run before the validation.',
  ].join('\n'),
  async run(argv: string[], io: Io): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { repo: { type: 'string' }, force: { type: 'boolean' } } });
    } catch (error) {
      throw new UsageError(messageOf(error));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1 || positionals[0] !== 'install') throw new UsageError('expected: hooks install [--repo <dir>] [--force]');
    const repo = resolve(io.cwd, values.repo ?? '.');
    try {
      const result = installPreCommitHook({ repo, force: values.force, runner: defaultRunner(), env: io.env });
      const how = result.replaced ? 'updated' : 'installed';
      io.stdout.write(`${how} pre-commit hook: ${result.hookPath}\n`);
      if (result.chained) io.stdout.write('the previous hook was kept as pre-commit.local and runs first\n');
      return 0;
    } catch (error) {
      io.stderr.write(`threatcode hooks: ${messageOf(error).split('\n')[0]}\n`);
      return error instanceof HookConflictError ? 1 : 2;
    }
  },
};
