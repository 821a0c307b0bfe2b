// The CLI entry from source, for tests that start `threatcode mcp` as a child process.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
