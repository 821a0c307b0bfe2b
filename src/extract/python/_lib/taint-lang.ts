// Python for the polyglot taint engine: request sources of Flask, Django/DRF, FastAPI/Starlette
// and aiohttp, the sinks of the web rules, sanitisers and propagators. Callee names are resolved
// through the file's imports (`from subprocess import run` → `subprocess.run`).
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec, TaintLanguage } from '../../_polyglot/taint/types.js';
import { PY_SYNTAX } from './syntax.js';

/** `shell=True` (any truthy literal) among the arguments. */
function shellTrue(_call: SgNode, args: readonly CallArg[]): boolean {
  const shell = args.find((a) => a.keyword === 'shell');
  return shell !== undefined && !/^(False|None|0)$/.test(shell.node.text());
}

/** `yaml.load(x, Loader=SafeLoader)` / `yaml.load(x, yaml.SafeLoader)` is safe. */
function safeYamlLoader(_call: SgNode, args: readonly CallArg[]): boolean {
  const loader = args.find((a) => a.keyword === 'Loader') ?? args.filter((a) => a.keyword === undefined)[1];
  return loader !== undefined && /(^|\.)C?(Safe|Base)Loader$/.test(loader.node.text());
}

/** A response whose content type is set to something other than HTML is not an XSS sink. */
function nonHtmlContentType(_call: SgNode, args: readonly CallArg[]): boolean {
  const ct = args.find((a) => a.keyword === 'content_type' || a.keyword === 'mimetype' || a.keyword === 'media_type');
  return ct !== undefined && !/html/i.test(ct.node.text());
}

/** Methods of a client object (`httpx.AsyncClient()`, `requests.Session()`, aiohttp `ClientSession`). */
const CLIENT_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream'].map((v) => `*.${v}`);

/** The receiver is named like an HTTP client or client session (not Flask's `session` or a dict). */
function onHttpClient(call: SgNode): boolean {
  const receiver = call.field('function')?.field('object')?.text() ?? '';
  return /(?:^|[._])(?:\w*client|http\w*|\w+_session|sess)$/i.test(receiver) || /^(?:requests\.Session|httpx\.(?:Async)?Client|aiohttp\.ClientSession)\(\)$/.test(receiver);
}

const REQUESTS = ['requests', 'httpx'].flatMap((m) => ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].map((v) => `${m}.${v}`));

const SINKS: SinkSpec[] = [
  // SQL built from strings
  { callee: ['*.execute', '*.executemany', '*.executescript'], kind: 'sql', api: 'cursor.execute', args: { positions: [0], keywords: ['sql', 'query', 'operation', 'statement'] } },
  { callee: '*.objects.raw', kind: 'sql', api: 'Manager.raw', args: { positions: [0], keywords: ['raw_query'] } },
  { callee: '*.extra', kind: 'sql', api: 'QuerySet.extra', args: { keywords: ['where', 'select', 'tables', 'order_by'] } },
  { callee: ['django.db.models.expressions.RawSQL', 'django.db.models.RawSQL', '*.RawSQL', 'RawSQL'], kind: 'sql', api: 'RawSQL', args: { positions: [0] } },
  { callee: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text'], kind: 'sql', api: 'sqlalchemy.text', args: { positions: [0] } },
  { callee: ['pandas.read_sql', 'pandas.read_sql_query'], kind: 'sql', api: 'pandas.read_sql', args: { positions: [0], keywords: ['sql'] } },
  { callee: ['*.fetch', '*.fetchrow', '*.fetchval'], kind: 'sql', api: 'asyncpg.fetch', args: { positions: [0] }, where: (c) => /^(await\s+)?[\w.]*(conn|connection|pool|db)\w*\.fetch/i.test(c.text()) },
  // OS commands
  { callee: ['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'asyncio.create_subprocess_shell'], kind: 'command', api: 'os.system', args: { positions: [0], keywords: ['cmd', 'command'] } },
  { callee: ['subprocess.run', 'subprocess.call', 'subprocess.Popen', 'subprocess.check_output', 'subprocess.check_call'], kind: 'command', api: 'subprocess (shell=True)', args: { positions: [0], keywords: ['args'] }, where: shellTrue },
  // Code evaluation
  { callee: ['eval', 'exec', 'builtins.eval', 'builtins.exec'], kind: 'code-eval', api: 'eval', args: { positions: [0] } },
  // Deserialisation
  { callee: ['pickle.loads', 'pickle.load', 'cPickle.loads', '_pickle.loads', 'dill.loads', 'marshal.loads', 'jsonpickle.decode', 'shelve.open'], kind: 'deserialize', api: 'pickle.loads', args: { positions: [0] } },
  { callee: ['yaml.load', 'yaml.load_all'], kind: 'deserialize', api: 'yaml.load', args: { positions: [0], keywords: ['stream'] }, unless: safeYamlLoader },
  { callee: ['yaml.unsafe_load', 'yaml.unsafe_load_all'], kind: 'deserialize', api: 'yaml.unsafe_load', args: { positions: [0] } },
  // Files
  { callee: ['open', 'io.open', 'codecs.open', 'aiofiles.open'], kind: 'path', api: 'open', args: { positions: [0], keywords: ['file'] } },
  { callee: ['flask.send_file', 'quart.send_file'], kind: 'path', api: 'flask.send_file', args: { positions: [0], keywords: ['path_or_file', 'filename_or_fp'] } },
  { callee: ['os.remove', 'os.unlink', 'shutil.rmtree', 'os.rmdir'], kind: 'path', api: 'os.remove', args: { positions: [0] } },
  { callee: ['starlette.responses.FileResponse', 'fastapi.responses.FileResponse', 'django.http.FileResponse', 'aiohttp.web.FileResponse'], kind: 'path', api: 'FileResponse', args: { positions: [0], keywords: ['path'] }, where: (c, args) => args[0] !== undefined && !/^open\(/.test(args[0].node.text()) && c.kind() === 'call' },
  { callee: ['*.read_text', '*.read_bytes', '*.write_text', '*.write_bytes'], kind: 'path', api: 'Path.read_text', args: { receiver: true } },
  // Outbound requests
  { callee: REQUESTS, kind: 'ssrf', api: 'requests.get', args: { positions: [0], keywords: ['url'] } },
  { callee: CLIENT_METHODS, kind: 'ssrf', api: 'httpx.Client.get', args: { positions: [0], keywords: ['url'] }, where: onHttpClient },
  { callee: ['requests.request', 'httpx.request'], kind: 'ssrf', api: 'requests.request', args: { positions: [1], keywords: ['url'] } },
  { callee: ['urllib.request.urlopen', 'urllib.request.Request', 'urllib2.urlopen', 'urllib.urlopen'], kind: 'ssrf', api: 'urllib.request.urlopen', args: { positions: [0], keywords: ['url'] } },
  // Redirects
  {
    callee: ['flask.redirect', 'quart.redirect', 'werkzeug.utils.redirect', 'django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect', 'starlette.responses.RedirectResponse', 'fastapi.responses.RedirectResponse', 'aiohttp.web.HTTPFound'],
    kind: 'redirect',
    api: 'redirect',
    args: { positions: [0], keywords: ['url', 'location', 'redirect_to', 'to'] },
  },
  // Templates compiled from request data
  { callee: ['flask.render_template_string', 'quart.render_template_string'], kind: 'template', api: 'render_template_string', args: { positions: [0], keywords: ['source'] } },
  { callee: ['jinja2.Template', 'jinja2.Environment.from_string', 'mako.template.Template', '*.from_string'], kind: 'template', api: 'jinja2.Template', args: { positions: [0], keywords: ['source', 'text'] } },
  // HTML written without escaping
  { callee: ['django.utils.safestring.mark_safe', 'markupsafe.Markup', 'flask.Markup', 'jinja2.Markup'], kind: 'html', api: 'mark_safe', args: { positions: [0] } },
  { callee: ['django.http.HttpResponse', 'flask.Response', 'flask.make_response', 'starlette.responses.HTMLResponse', 'fastapi.responses.HTMLResponse'], kind: 'html', api: 'HttpResponse', args: { positions: [0], keywords: ['content', 'response'] }, unless: nonHtmlContentType },
  // Regular expressions from request data
  { callee: ['re.compile', 're.match', 're.search', 're.fullmatch', 're.findall', 're.sub', 're.split', 're.finditer'], kind: 'regex', api: 're.compile', args: { positions: [0], keywords: ['pattern'] } },
  // Whole request bodies into model constructors
  { callee: ['*.objects.create', '*.objects.update_or_create', '*.objects.get_or_create'], kind: 'mass-assignment', api: 'Model.objects.create', args: {} },
];

const SANITIZERS: SanitizerSpec[] = [
  { callee: ['int', 'float', 'bool', 'len', 'uuid.UUID', 'decimal.Decimal', 'datetime.date.fromisoformat', 'hash', 'abs', 'round', 'ord'] },
  { callee: ['html.escape', 'markupsafe.escape', 'flask.escape', 'django.utils.html.escape', 'cgi.escape', 'bleach.clean', 'django.utils.html.strip_tags', 'xml.sax.saxutils.escape'], kinds: ['html', 'template'] },
  { callee: ['shlex.quote', 'pipes.quote'], kinds: ['command'] },
  { callee: ['os.path.basename', 'werkzeug.utils.secure_filename', 'werkzeug.secure_filename', 'django.utils.text.get_valid_filename', 'werkzeug.security.safe_join', 'flask.safe_join'], kinds: ['path'] },
  { callee: ['urllib.parse.quote', 'urllib.parse.quote_plus', 'urllib.quote', 'urllib.parse.urlencode'], kinds: ['redirect', 'ssrf', 'header', 'command', 'path'] },
  { callee: ['re.escape'], kinds: ['regex'] },
  { callee: ['psycopg2.sql.Literal', 'psycopg2.sql.Identifier', 'psycopg2.extensions.adapt', 'MySQLdb.escape_string', 'pymysql.converters.escape_string'], kinds: ['sql'] },
];

const PROPAGATORS: PropagatorSpec[] = [
  { callee: ['str', 'bytes', 'repr', 'list', 'tuple', 'dict', 'set', 'sorted', 'reversed', 'json.loads', 'json.dumps', 'base64.b64decode', 'base64.b64encode', 'base64.urlsafe_b64decode', 'urllib.parse.unquote', 'urllib.parse.unquote_plus', 'html.unescape', 'codecs.decode', 'os.path.normpath', 'os.path.abspath', 'os.path.realpath', 'os.path.expanduser', 'posixpath.normpath', 'ast.literal_eval', 'yaml.safe_load', 'xmltodict.parse'], from: { positions: [0] } },
  { callee: ['os.path.join', 'posixpath.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'urllib.parse.urljoin', 'min', 'max'], from: { rest: 0 } },
  { callee: ['*.join'], from: { positions: [0], receiver: true } },
  { callee: ['*.format', '*.format_map'], from: { rest: 0, anyKeyword: true, receiver: true } },
  { callee: ['*.replace'], from: { positions: [1], receiver: true } },
  { callee: ['*.append', '*.extend', '*.add', '*.insert', '*.update', '*.setdefault'], from: { rest: 0 }, into: { receiver: true } },
];

/** Attributes of a request object that hold client data, by framework (Flask, Django, DRF, Starlette, aiohttp). */
const REQUEST_DATA =
  /^\.(?:args|form|values|json|data|files|cookies|headers|get_json|get_data|stream|view_args|GET|POST|COOKIES|FILES|META|body|query_params|path_params|query|match_info|rel_url\.query|post|text|read|content|multipart)(?!\w)/;

const SOURCES: SourceSpec[] = [{ request: REQUEST_DATA }];

export function pythonTaintLanguage(resolve: (name: string) => string): TaintLanguage {
  return {
    lang: 'python',
    syntax: PY_SYNTAX,
    sources: SOURCES,
    sinks: SINKS,
    sanitizers: SANITIZERS,
    propagators: PROPAGATORS,
    methodsPropagate: true,
    resolve,
  };
}
