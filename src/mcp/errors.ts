// Tool failures reach the client as MCP tool errors (`isError: true` with the message), never as
// a crashed server. ToolFailure is the expected kind (bad input, missing file, rejected edit);
// anything else is reported as an internal error with its message, without a stack.
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isKnownError, messageOf } from '../util/errors.js';

export class ToolFailure extends Error {
  override name = 'ToolFailure';
}

/** A feature whose library is not part of this build (the MCP error says so plainly). */
export class NotAvailable extends ToolFailure {
  constructor(feature: string, cause: unknown) {
    super(`${feature} is not available in this build (${messageOf(cause)})`);
  }
}

export function toMcpError(tool: string, error: unknown): McpError {
  if (error instanceof McpError) return error;
  if (error instanceof ToolFailure || isKnownError(error)) return new McpError(ErrorCode.InvalidParams, `${tool}: ${messageOf(error)}`);
  return new McpError(ErrorCode.InternalError, `${tool}: internal error: ${messageOf(error)}`);
}

/** A JSON answer as one text block (what every MCP client can show and parse). */
export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] };
}

/** Runs a tool body; every failure becomes an McpError, which the SDK returns as `isError`. */
export async function guarded(tool: string, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    throw toMcpError(tool, error);
  }
}
