import { VERSION } from '../api/version.js';
import { isKnownError, messageOf, UsageError } from '../util/errors.js';
import { commandLoaders } from './commands/index.js';
import type { Io } from './types.js';

function help(): string {
  const width = Math.max(...Object.keys(commandLoaders).map((n) => n.length));
  const lines = Object.entries(commandLoaders).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `threatcode ${VERSION} — code-grounded threat models\n\nUsage: threatcode <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun threatcode <command> --help for a command's options.\n`;
}

/** The CLI entry: the only place errors become exit codes (0 ok, 1 over a gate, 2 usage or input). */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commandLoaders[name];
  if (!entry) {
    io.stderr.write(`threatcode: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`threatcode ${name}: ${messageOf(error)}\n\n${command.usage}\n`);
      return 2;
    }
    if (isKnownError(error)) {
      io.stderr.write(`threatcode ${name}: ${messageOf(error)}\n`);
      return 2;
    }
    // Unknown failure: say so plainly with the stack; this is a bug in threatcode, not in the input.
    io.stderr.write(`threatcode ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
