// `threatcode mcp`: the MCP server over stdio, for coding agents (Claude Code, Cursor, Codex...).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../types.js';

const USAGE = `threatcode mcp [--root <dir>]... [--catalog <dir>]

Serves the threatcode library to an AI agent over MCP (stdio): model a repository, read its
architecture and threats, explain a threat with its code, add or update threats, mitigations and
assumptions (stored in .threatcode/overrides.json with provenance), validate, kill chains, diff of
two commits, incident response over a catalog; catalog products as resources; a prompt to threat
model the change just made.

  --root <dir>      a folder the server may read and write overrides in (repeatable; default: the
                    current directory). Paths from the client are resolved against the first root.
  --catalog <dir>   catalog for resources and incident response (default: $THREATCODE_CATALOG)

Register it with an agent, e.g.:
  claude mcp add threatcode -- npx -y threatcode mcp
  codex mcp add threatcode -- npx -y threatcode mcp
  Cursor (.cursor/mcp.json): {"mcpServers": {"threatcode": {"command": "npx", "args": ["-y", "threatcode", "mcp"]}}}`;

export const command: Command = {
  name: 'mcp',
  summary: 'MCP server (stdio) for coding agents: model, explain, edit, validate, kill chains, diff, ir',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { root: { type: 'string', multiple: true }, catalog: { type: 'string' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]} (use --root <dir>)`);
    const roots = (values.root ?? ['.']).map((r) => resolve(io.cwd, r));
    const { serveStdio } = await import('../../mcp/server.js');
    await serveStdio({ roots, ...(values.catalog ? { catalog: resolve(io.cwd, values.catalog) } : {}), env: io.env });
    return 0;
  },
};
