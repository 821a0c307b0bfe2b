// Go for the polyglot taint engine: request sources of net/http, gin, echo, chi, gorilla/mux and
// fiber, the sinks of the web rules, sanitisers and propagators. Callee names are resolved through
// the imports (`exec.Command` → `os/exec.Command`).
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec, TaintLanguage } from '../../_polyglot/taint/types.js';
import { GO_SYNTAX } from './syntax.js';

/** `exec.Command("sh", "-c", cmd)`: a shell runs the third argument. */
function shellDashC(_call: SgNode, args: readonly CallArg[]): boolean {
  const [program, flag] = args.map((a) => a.node.text().replace(/^["`]|["`]$/g, ''));
  return /^(\/bin\/)?(ba|z|da)?sh$|^cmd(\.exe)?$|^powershell(\.exe)?$/.test(program ?? '') && /^(-c|\/c|\/C|-Command)$/.test(flag ?? '');
}

function shellDashCContext(call: SgNode, args: readonly CallArg[]): boolean {
  return shellDashC(call, args.slice(1));
}

/** Writes markup to the HTTP response writer: `fmt.Fprintf(w, "<p>%s</p>", x)`. */
function toResponseWriter(_call: SgNode, args: readonly CallArg[]): boolean {
  return /^(w|rw|wr|writer|resp|res|response)$/.test(args[0]?.node.text() ?? '') && /["`][^"`]*<[a-zA-Z!/]/.test(args.slice(1).map((a) => a.node.text()).join(' '));
}

/** Writes markup through the response writer: `w.Write([]byte("<h1>" + name))`. */
function onResponseWriter(call: SgNode): boolean {
  return /^(w|rw|wr|writer|resp|res|response)\.Write\(/.test(call.text()) && /["`][^"`]*<[a-zA-Z!/]/.test(call.text());
}

/** The receiver is the response writer (for propagators that must not treat it as a buffer). */
function isResponseWriter(call: SgNode): boolean {
  return /^(w|rw|wr|writer|resp|res|response)\.Write/.test(call.text());
}

/** The callee is a template's Parse (`template.New("x").Parse(s)`, `tmpl.Parse(s)`), not url.Parse. */
function templateParse(call: SgNode): boolean {
  const callee = call.field('function')?.text() ?? '';
  return /template|tmpl|tpl/i.test(callee) && !/^url\./.test(callee);
}

const DB_RECEIVER = /^(db|DB|tx|Tx|conn|Conn|pool|Pool|sqlDB|database|store|repo|s\.db|r\.db|h\.db|[a-z]\w*\.(db|DB|conn|pool|tx))\b/;

/** `db.Query(q)`: the receiver looks like a database handle (not `r.URL.Query()`). */
function dbReceiver(call: SgNode): boolean {
  const callee = call.field('function');
  const object = callee?.field('operand')?.text() ?? '';
  return DB_RECEIVER.test(object) || /sql|gorm|sqlx|pgx|Db$|DB$/.test(object);
}

const SQL_0 = ['*.Query', '*.QueryRow', '*.Exec', '*.Prepare', '*.Queryx', '*.QueryRowx', '*.MustExec', '*.Raw', '*.Where', '*.Order', '*.Having', '*.Joins', '*.Group'];
const SQL_1 = ['*.QueryContext', '*.QueryRowContext', '*.ExecContext', '*.PrepareContext', '*.QueryxContext', '*.Select', '*.Get'];

const SINKS: SinkSpec[] = [
  { callee: SQL_0, kind: 'sql', api: 'db.Query', args: { positions: [0] }, notOnRequest: true, where: dbReceiver },
  { callee: SQL_1, kind: 'sql', api: 'db.QueryContext', args: { positions: [1] }, notOnRequest: true, where: dbReceiver },
  { callee: 'os/exec.Command', kind: 'command', api: 'exec.Command', args: { positions: [0] } },
  { callee: 'os/exec.Command', kind: 'command', api: 'exec.Command (shell)', args: { rest: 2 }, where: shellDashC },
  { callee: 'os/exec.CommandContext', kind: 'command', api: 'exec.CommandContext', args: { positions: [1] } },
  { callee: 'os/exec.CommandContext', kind: 'command', api: 'exec.CommandContext (shell)', args: { rest: 3 }, where: shellDashCContext },
  { callee: ['syscall.Exec', 'syscall.ForkExec'], kind: 'command', api: 'syscall.Exec', args: { positions: [0] } },
  { callee: ['os.Open', 'os.OpenFile', 'os.ReadFile', 'io/ioutil.ReadFile', 'os.WriteFile', 'io/ioutil.WriteFile', 'os.Create', 'os.Remove', 'os.RemoveAll', 'os.ReadDir', 'os.Mkdir', 'os.MkdirAll'], kind: 'path', api: 'os.Open', args: { positions: [0] } },
  { callee: 'net/http.ServeFile', kind: 'path', api: 'http.ServeFile', args: { positions: [2] } },
  { callee: ['*.File', '*.FileAttachment', '*.SendFile', '*.Attachment', '*.Download'], kind: 'path', api: 'c.File', args: { positions: [0] }, onlyOnRequest: true },
  { callee: ['net/http.Get', 'net/http.Post', 'net/http.Head', 'net/http.PostForm'], kind: 'ssrf', api: 'http.Get', args: { positions: [0] } },
  { callee: 'net/http.NewRequest', kind: 'ssrf', api: 'http.NewRequest', args: { positions: [1] } },
  { callee: 'net/http.NewRequestWithContext', kind: 'ssrf', api: 'http.NewRequestWithContext', args: { positions: [2] } },
  { callee: 'net/http.Redirect', kind: 'redirect', api: 'http.Redirect', args: { positions: [2] } },
  { callee: '*.Redirect', kind: 'redirect', api: 'c.Redirect', args: { positions: [1] }, onlyOnRequest: true, where: (_c, args) => args.length >= 2 },
  { callee: '*.Redirect', kind: 'redirect', api: 'c.Redirect', args: { positions: [0] }, onlyOnRequest: true, where: (_c, args) => args.length === 1 },
  { callee: '*.Parse', kind: 'template', api: 'template.Parse', args: { positions: [0] }, where: templateParse },
  { callee: ['html/template.HTML', 'html/template.JS', 'html/template.HTMLAttr', 'html/template.URL'], kind: 'html', api: 'template.HTML', args: { positions: [0] } },
  { callee: ['fmt.Fprintf', 'fmt.Fprint', 'fmt.Fprintln', 'io.WriteString'], kind: 'html', api: 'fmt.Fprintf(w)', args: { rest: 1 }, where: toResponseWriter },
  { callee: '*.Write', kind: 'html', api: 'ResponseWriter.Write', args: { positions: [0] }, where: onResponseWriter },
  { callee: '*.HTML', kind: 'html', api: 'c.HTML', args: { positions: [1] }, onlyOnRequest: true, where: (c) => /^\w+\.HTML\(\s*[\w.]+\s*,\s*[^"`]/.test(c.text()) && !/\.(tmpl|html)"/.test(c.text()) },
];

const SANITIZERS: SanitizerSpec[] = [
  { callee: ['strconv.Atoi', 'strconv.ParseInt', 'strconv.ParseUint', 'strconv.ParseFloat', 'strconv.ParseBool', 'github.com/google/uuid.Parse', 'github.com/google/uuid.MustParse', 'len', 'time.Parse', 'net.ParseIP'] },
  { callee: ['html.EscapeString', 'html/template.HTMLEscapeString', 'text/template.HTMLEscapeString', 'html/template.JSEscapeString', 'github.com/microcosm-cc/bluemonday.UGCPolicy().Sanitize', '*.Sanitize'], kinds: ['html', 'template'] },
  { callee: ['net/url.QueryEscape', 'net/url.PathEscape'], kinds: ['redirect', 'ssrf', 'header', 'command', 'path'] },
  { callee: ['path/filepath.Base', 'path.Base'], kinds: ['path'] },
  { callee: ['regexp.QuoteMeta'], kinds: ['regex'] },
];

const PROPAGATORS: PropagatorSpec[] = [
  { callee: ['fmt.Sprintf', 'fmt.Sprint', 'fmt.Sprintln', 'path/filepath.Join', 'path.Join', 'append', 'strings.Join', 'strings.Replace', 'strings.ReplaceAll', 'bytes.Join', 'strings.Fields', 'strings.Split', 'strings.SplitN'], from: { rest: 0 } },
  { callee: ['string', 'strings.ToLower', 'strings.ToUpper', 'strings.TrimSpace', 'strings.Trim', 'strings.TrimPrefix', 'strings.TrimSuffix', 'strings.Title', 'path/filepath.Clean', 'path/filepath.Abs', 'path.Clean', 'net/url.Parse', 'net/url.ParseRequestURI', 'net/url.QueryUnescape', 'net/url.PathUnescape', 'io.ReadAll', 'io/ioutil.ReadAll', 'bytes.NewBuffer', 'bytes.NewBufferString', 'bytes.NewReader', 'strings.NewReader', 'encoding/json.NewDecoder', 'encoding/xml.NewDecoder', 'encoding/base64.StdEncoding.DecodeString', 'bufio.NewReader', 'bufio.NewScanner'], from: { positions: [0] } },
  { callee: ['encoding/json.Unmarshal', 'encoding/xml.Unmarshal', 'gopkg.in/yaml.v3.Unmarshal', 'gopkg.in/yaml.v2.Unmarshal'], from: { positions: [0] }, into: { positions: [1] } },
  { callee: ['*.Decode'], from: { receiver: true }, into: { positions: [0] } },
  { callee: ['*.WriteString', '*.WriteByte', '*.WriteRune'], from: { positions: [0] }, into: { receiver: true }, unless: isResponseWriter },
];

/** Members of request objects that hold client data, across net/http, gin, echo and fiber. */
const REQUEST_DATA = new RegExp(
  [
    // net/http *http.Request (also gin c.Request / echo c.Request())
    '^(?:\\.Request(?:\\(\\))?)?\\.(?:URL\\.(?:Query\\(\\)|RawQuery|Path|RawPath|String\\(\\))|FormValue\\(|PostFormValue\\(|Form\\b|PostForm\\b|MultipartForm\\b|FormFile\\(|Header\\.(?:Get|Values)\\(|Header\\[|Cookie\\(|Cookies\\(|Body\\b|PathValue\\(|RequestURI\\b)',
    // gin *gin.Context
    '^\\.(?:Query|DefaultQuery|QueryArray|QueryMap|GetQuery|GetQueryArray|Param|PostForm|DefaultPostForm|GetPostForm|PostFormArray|PostFormMap|FormFile|MultipartForm|GetHeader|GetRawData|Cookie)\\(',
    // echo.Context
    '^\\.(?:QueryParam|QueryParams|QueryString|Param|ParamValues|FormValue|FormParams)\\(',
    // fiber *fiber.Ctx
    '^\\.(?:Params|Queries|Body|BodyRaw|Cookies|FormValue|AllParams)\\(',
  ].join('|'),
);

const SOURCES: SourceSpec[] = [
  { request: REQUEST_DATA },
  { call: true, callee: 'github.com/gorilla/mux.Vars', markers: ['mux.Vars'], label: 'mux.Vars(r)' },
  { call: true, callee: ['github.com/go-chi/chi.URLParam', 'github.com/go-chi/chi/v5.URLParam', 'github.com/go-chi/chi/v4.URLParam', 'github.com/go-chi/chi.URLParamFromCtx', 'github.com/go-chi/chi/v5.URLParamFromCtx'], markers: ['URLParam'] },
  { call: true, callee: ['*.ShouldBindJSON', '*.ShouldBind', '*.ShouldBindQuery', '*.ShouldBindUri', '*.ShouldBindWith', '*.BindJSON', '*.Bind', '*.BindQuery', '*.BodyParser', '*.QueryParser', '*.ParamsParser', '*.ShouldBindBodyWith'], markers: [], into: { positions: [0] }, onRequest: true, label: 'request body (bound)' },
];

export function goTaintLanguage(resolve: (name: string) => string): TaintLanguage {
  return { lang: 'go', syntax: GO_SYNTAX, sources: SOURCES, sinks: SINKS, sanitizers: SANITIZERS, propagators: PROPAGATORS, methodsPropagate: true, resolve };
}

/** Parameter types that hold the request (net/http, gin, echo, fiber). */
export const REQUEST_TYPES = /^\*?(http\.Request|gin\.Context|echo\.Context|fiber\.Ctx)$/;
