// PHP for the polyglot taint engine: superglobals, Laravel's Request and request() helper, the
// sinks of the web rules, sanitisers and propagators.
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec, TaintLanguage } from '../../_polyglot/taint/types.js';
import { PHP_SYNTAX } from './taint-syntax.js';

function receiverText(call: SgNode): string {
  return call.field('object')?.text() ?? '';
}
const on = (re: RegExp) => (call: SgNode) => re.test(receiverText(call));
const URLISH = /url|uri|http|link|href|host|endpoint|feed|remote|callback|webhook/i;
const firstArgUrlish = (_c: SgNode, a: readonly CallArg[]) => URLISH.test(a[0]?.node.text() ?? '');
const locationHeader = (_c: SgNode, a: readonly CallArg[]) => /^["']\s*Location\s*:/i.test(a[0]?.node.text() ?? '');

const SOURCES: SourceSpec[] = [
  // Only a subscript / member chain on the request itself (not a larger expression starting with it).
  { request: /^(?:\[[^\]]*\]|->\w+(?:\([^()]*\))?)+$/ },
  { call: true, callee: ['request', 'Input.get', 'Input.all', 'Request.input', 'Request.get', 'Request.query', 'Request.all', 'filter_input', 'getallheaders', 'file_get_contents'], markers: ['request(', 'Input::', 'Request::', 'filter_input', 'getallheaders', 'php://input'], where: (c) => !/^file_get_contents/.test(c.text()) || /php:\/\/input/.test(c.text()), label: undefined },
];

const SINKS: SinkSpec[] = [
  // SQL
  { callee: ['mysqli_query', 'mysqli_real_query', 'mysqli_multi_query', 'pg_query', 'sqlite_query', 'mssql_query', 'odbc_exec'], kind: 'sql', api: 'mysqli_query', args: { positions: [0, 1] } },
  { callee: ['mysql_query', 'mysql_db_query', 'pg_send_query'], kind: 'sql', api: 'mysql_query', args: { positions: [0] } },
  { callee: ['*.query', '*.exec', '*.prepare', '*.multi_query', '*.real_query'], kind: 'sql', api: 'PDO::query', args: { positions: [0] }, where: on(/db|pdo|conn|mysqli|link|database|wpdb|dbh|sql/i) },
  { callee: ['DB.select', 'DB.statement', 'DB.unprepared', 'DB.insert', 'DB.update', 'DB.delete', 'DB.raw', 'DB.selectOne', '*.whereRaw', '*.selectRaw', '*.orderByRaw', '*.havingRaw', '*.groupByRaw', '*.fromRaw'], kind: 'sql', api: 'DB::select', args: { positions: [0] } },
  // OS commands
  { callee: ['exec', 'system', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'expect_popen'], kind: 'command', api: 'exec', args: { positions: [0] } },
  // Code evaluation and file inclusion
  { callee: ['eval', 'assert', 'create_function', 'call_user_func', 'call_user_func_array'], kind: 'code-eval', api: 'eval', args: { positions: [0] } },
  { callee: 'include', kind: 'code-eval', api: 'include', args: { rest: 0 } },
  // Deserialisation
  { callee: ['unserialize', 'yaml_parse', 'igbinary_unserialize'], kind: 'deserialize', api: 'unserialize', args: { positions: [0] } },
  // Files and URLs: file_get_contents and friends fetch URLs too
  { callee: ['file_get_contents', 'fopen', 'readfile', 'file', 'get_headers'], kind: 'ssrf', api: 'file_get_contents', args: { positions: [0] }, where: firstArgUrlish },
  { callee: ['file_get_contents', 'fopen', 'readfile', 'file', 'unlink', 'file_put_contents', 'copy', 'rename', 'rmdir', 'opendir', 'scandir', 'parse_ini_file', 'highlight_file', 'show_source'], kind: 'path', api: 'file_get_contents', args: { positions: [0] }, unless: firstArgUrlish },
  { callee: ['move_uploaded_file'], kind: 'path', api: 'move_uploaded_file', args: { positions: [1] } },
  { callee: ['*.download', '*.file', 'Storage.get', 'Storage.delete', 'Storage.download'], kind: 'path', api: 'response()->download', args: { positions: [0] }, where: (c) => !/^\$request\b/.test(receiverText(c)) },
  { callee: ['curl_init', 'fsockopen', 'Http.get', 'Http.post', 'Http.put', 'Http.delete', 'Http.send'], kind: 'ssrf', api: 'curl_init', args: { positions: [0] } },
  { callee: ['curl_setopt'], kind: 'ssrf', api: 'curl_setopt(CURLOPT_URL)', args: { positions: [2] }, where: (_c, a) => /CURLOPT_URL/.test(a[1]?.node.text() ?? '') },
  { callee: ['*.get', '*.post', '*.request', '*.put', '*.delete', '*.getAsync', '*.requestAsync'], kind: 'ssrf', api: 'GuzzleHttp\\Client::request', args: { positions: [0, 1] }, where: on(/client|guzzle|http/i), notOnRequest: true },
  // Redirects and headers
  { callee: 'header', kind: 'redirect', api: "header('Location')", args: { positions: [0] }, where: locationHeader },
  { callee: 'header', kind: 'header', api: 'header', args: { positions: [0] }, unless: locationHeader },
  { callee: ['redirect', 'Redirect.to', 'Redirect.away', '*.away', '*.to'], kind: 'redirect', api: 'redirect', args: { positions: [0] }, where: (c) => !/->to$/.test(c.text()) || /redirect/.test(receiverText(c)) || c.kind() !== 'member_call_expression' },
  // Output and templates
  { callee: 'echo', kind: 'html', api: 'echo', args: { rest: 0 } },
  { callee: ['*.createTemplate', 'Blade.render', '*.renderString'], kind: 'template', api: 'Twig createTemplate', args: { positions: [0] } },
];

const SANITIZERS: SanitizerSpec[] = [
  { callee: ['intval', 'floatval', 'boolval', '(int)', 'is_numeric', 'ctype_digit', 'count', 'strlen', 'in_array', 'isset', 'empty'] },
  { callee: ['htmlspecialchars', 'htmlentities', 'e', 'strip_tags', 'esc_html', 'esc_attr', 'filter_var'], kinds: ['html', 'template'] },
  { callee: ['escapeshellarg', 'escapeshellcmd'], kinds: ['command'] },
  { callee: ['basename', 'realpath'], kinds: ['path'] },
  { callee: ['urlencode', 'rawurlencode', 'http_build_query'], kinds: ['redirect', 'ssrf', 'header', 'command', 'path'] },
  { callee: ['mysqli_real_escape_string', '*.real_escape_string', '*.quote', 'pg_escape_string', 'addslashes', 'esc_sql'], kinds: ['sql'] },
];

const PROPAGATORS: PropagatorSpec[] = [
  { callee: ['sprintf', 'vsprintf', 'implode', 'join', 'trim', 'strtolower', 'strtoupper', 'str_replace', 'base64_decode', 'urldecode', 'json_decode', 'substr', 'sprintf', 'array_merge', 'compact'], from: { rest: 0 } },
];

export const PHP_TAINT: TaintLanguage = {
  lang: 'php',
  syntax: PHP_SYNTAX,
  sources: SOURCES,
  sinks: SINKS,
  sanitizers: SANITIZERS,
  propagators: PROPAGATORS,
  methodsPropagate: true,
};
