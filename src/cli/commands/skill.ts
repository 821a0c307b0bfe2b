// `threatcode skill`: install the agent skill that tells coding agents how to keep the threat model
// current (skill/threatcode), or show where it is.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledSkillDir, installSkill, skillDestination, TARGETS } from '../../ai/skill.js';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../types.js';

const USAGE = `threatcode skill install [--target claude|cursor|codex|<dir>] [--global | --project <dir>] [--force]
threatcode skill path      print the folder of the bundled skill
threatcode skill show      print its SKILL.md

Installs the threatcode agent skill (SKILL.md + references/) where the agent looks for skills:
  claude   <project>/.claude/skills/threatcode   (--global: ~/.claude/skills/threatcode)
  cursor   <project>/.cursor/skills/threatcode   (--global: ~/.cursor/skills/threatcode)
  codex    <project>/.agents/skills/threatcode   (--global: ~/.agents/skills/threatcode)
  <dir>    <dir>/threatcode
Default: --target claude, the current directory as the project. Re-installing replaces a skill
installed by threatcode; --force replaces a folder of the same name that threatcode did not install.`;

export const command: Command = {
  name: 'skill',
  summary: 'install the agent skill (Claude Code, Cursor, Codex) that keeps the threat model current',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { target: { type: 'string', default: 'claude' }, global: { type: 'boolean', default: false }, project: { type: 'string' }, force: { type: 'boolean', default: false } },
    });
    const [action, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
    if (action === 'path') {
      io.stdout.write(`${bundledSkillDir()}\n`);
      return 0;
    }
    if (action === 'show') {
      io.stdout.write(await readFile(join(bundledSkillDir(), 'SKILL.md'), 'utf8'));
      return 0;
    }
    if (action !== 'install') throw new UsageError('skill needs install, path or show');
    if (values.global && values.project) throw new UsageError('choose one of --global and --project');
    const target = values.target;
    const named = (TARGETS as readonly string[]).includes(target);
    if (!named && values.global) throw new UsageError('--global applies to claude, cursor and codex; a folder target is already explicit');
    const dest = skillDestination(named ? target : resolve(io.cwd, target), { global: values.global, project: resolve(io.cwd, values.project ?? '.'), env: io.env });
    const result = await installSkill(dest, { force: values.force });
    io.stdout.write(`${result.replaced ? 'updated' : 'installed'} the threatcode skill in ${result.dest} (${result.files.length} files)\n`);
    if (named) io.stdout.write(`connect the MCP server too, for the tools the skill uses: threatcode mcp --help\n`);
    return 0;
  },
};
