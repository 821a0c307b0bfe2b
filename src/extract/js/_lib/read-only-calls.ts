// Calls a handler may make before its auth check without doing work for the caller: reading the
// request or the session, parsing and validating parameters, looking up the record the path names
// (a per-record check needs it loaded first). Judged by the called function's own name: a verb of
// reading and no word of writing (`getOrCreateUser` writes). Anything else counts as work.
import { calleeName, calleeProperty, type CallLike } from './ast.js';
import { words } from './routes.js';

const READ_VERB = new Set(['get', 'find', 'fetch', 'load', 'read', 'resolve', 'lookup', 'look', 'parse', 'validate', 'select', 'list', 'count', 'has', 'is', 'exists', 'retrieve', 'decode', 'extract']);
const WRITE_WORD = new Set(['create', 'update', 'delete', 'remove', 'insert', 'upsert', 'save', 'set', 'put', 'post', 'patch', 'send', 'increment', 'decrement', 'add', 'push', 'write', 'apply', 'mark', 'reset', 'revoke', 'issue', 'grant', 'sync', 'upload', 'destroy', 'clear', 'purge', 'enqueue', 'publish', 'emit', 'notify', 'charge', 'execute', 'run', 'store', 'persist', 'touch', 'consume', 'or', 'and', 'then']);
const LOG_WORD = new Set(['log', 'logs', 'audit', 'trace', 'track', 'capture', 'report', 'metric', 'metrics', 'logger']);

function nameWords(call: CallLike): string[] {
  const name = calleeProperty(call) ?? calleeName(call) ?? '';
  return words(name.split('.').pop() ?? name);
}

/** `await getSession()`, `await resolveIds(id)`, `await db.findUnique(...)`: reads, no writes. */
export function readOnlyCall(call: CallLike): boolean {
  const ws = nameWords(call);
  return ws.length > 0 && READ_VERB.has(ws[0]) && !ws.some((w) => WRITE_WORD.has(w));
}

/** `await logFailure(...)`, `await auditEvent(...)`: a record of what happened, not the caller's work. */
export function logCall(call: CallLike): boolean {
  return nameWords(call).some((w) => LOG_WORD.has(w));
}
