// Sensitive values written to logs: passwords, tokens, secrets, authorization headers, cookies,
// payment data, or whole request bodies/headers passed to console / logger calls.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, memberPath, unwrap, walk, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact, devOnly } from './common.js';

const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical']);
const LOGGERS = /^(console|logger|log|winston|pino|bunyan|this\.logger|this\.log|Logger|fastify\.log|request\.log|req\.log|ctx\.log|app\.log|server\.log)$/;
const SENSITIVE = /(password|passwd|pwd|passphrase|secret|token|apikey|api_key|authorization|cookie|credential|privatekey|private_key|cardnumber|card_number|creditcard|cvv|cvc|ssn|pin)$/i;
const HARMLESS = /^(is|has|should|can|show|hide|toggle|validate|check|reset|forgot|new|confirm|min|max)[A-Z_]|(Length|Valid|Validity|Match|Matches|Error|Errors|Message|Policy|Url|Link|Label|Field|Expires|Expiry|ExpiresAt|Required|Strength|Hint|Count|Type|Id|Name|Changed|Sent|Visible|Rules?)$/;
const WHOLE = /^(req|request|ctx\.request)\.(body|headers|cookies)$|^ctx\.(headers|cookies)$|^(req|request)\.(signedCookies)$/;

const WHOLE_CONFIG = /^(config|conf|cfg|settings|configuration|appConfig|envConfig|allConfig|process\.env)$/;

/** What sensitive thing an argument logs, if any. */
function sensitiveIn(arg: AstNode): string | undefined {
  const n = unwrap(arg);
  // Whole member chains only: `password.length` is judged as a whole, not as `password`.
  const candidates: AstNode[] = [];
  walk(n, (node, parent) => {
    // A property name (`config` in `this.config.port`) is part of its chain, judged with it.
    if (parent && parent.type === 'MemberExpression' && parent.property === node) return false;
    const inner = parent && parent.type === 'MemberExpression' && parent.object === node;
    if (!inner && (node.type === 'MemberExpression' || node.type === 'Identifier')) candidates.push(node);
    // `password ? '******' : undefined` masks the value: its test is not logged.
    if (parent && parent.type === 'ConditionalExpression' && (parent as unknown as { test: AstNode }).test === node) return false;
    return undefined;
  });
  for (const c of candidates) {
    const path = memberPath(c);
    if (!path) continue;
    const joined = path.join('.');
    if (WHOLE.test(joined)) return joined;
    // The whole configuration (or environment) printed at once carries every secret in it.
    if (WHOLE_CONFIG.test(joined.replace(/^this\./, ''))) return joined;
    const last = path[path.length - 1];
    if (last === 'length') continue;
    if (SENSITIVE.test(last) && !HARMLESS.test(last)) return joined;
    if (path.length >= 2 && path[path.length - 2] === 'headers' && /authorization|cookie|x-api-key/i.test(last)) return joined;
  }
  return undefined;
}

export function loggingFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop || !LOG_METHODS.has(prop)) continue;
    const name = calleeName(call) ?? '';
    const obj = name.slice(0, -(prop.length + 1));
    if (!LOGGERS.test(obj) || devOnly(call, index)) continue;
    for (const arg of call.arguments) {
      if (unwrap(arg as AstNode).type === 'Literal') continue;
      const what = sensitiveIn(arg as AstNode);
      if (!what) continue;
      out.push(configFact(index, call, 'log-sensitive-data', { api: name, data: what }, `${name} logs ${what}`, `${name}:${what}`));
      break;
    }
  }
  return out;
}
