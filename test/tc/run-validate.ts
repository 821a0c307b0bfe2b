// Stand-in for bin/threatcode.js in the hook tests (dist/ may not be built yet): runs the
// validate command from source with the arguments the hook passes.
import { command } from '../../src/cli/commands/validate.js';

const [name, ...args] = process.argv.slice(2);
if (name !== 'validate') {
  process.stderr.write(`run-validate: expected "validate", got ${String(name)}\n`);
  process.exit(2);
}
process.exitCode = await command.run(args, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
