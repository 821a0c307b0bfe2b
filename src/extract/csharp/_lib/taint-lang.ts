// C# for the polyglot taint engine: ASP.NET Core request sources come from the extractor (bound
// action and endpoint parameters, `Request` in controllers, HttpRequest/HttpContext parameters);
// here are the sinks of the web rules, sanitisers and propagators.
import type { SgNode } from '@ast-grep/napi';
import type { PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec, TaintLanguage } from '../../_polyglot/taint/types.js';
import { CS_SYNTAX } from './taint-syntax.js';

function receiverText(call: SgNode): string {
  const fn = call.field('function');
  return fn?.kind() === 'member_access_expression' ? (fn.field('expression')?.text() ?? '') : '';
}

/** A Stream rather than a path: the request body, an uploaded file's stream, a variable named for a stream. */
const STREAM_ARG = /(?:\.(?:Body|InputStream|BaseStream)|OpenReadStream\s*\(\s*\)|[Ss]tream)\s*$/;

function firstArg(call: SgNode): string {
  const args = call.field('arguments') ?? call.children().find((c) => c.kind() === 'argument_list');
  const first = args?.namedChildren()[0];
  return first?.text() ?? '';
}

const on = (re: RegExp) => (call: SgNode) => re.test(receiverText(call));

export const CS_REQUEST_SOURCE = /^\.(?:Query|Form|Headers|Cookies|Body|BodyReader|RouteValues|Path|PathBase|QueryString|Request)\b/;

const SOURCES: SourceSpec[] = [{ request: CS_REQUEST_SOURCE }];

const SINKS: SinkSpec[] = [
  // EF Core raw SQL, ADO.NET, Dapper
  { callee: ['*.FromSqlRaw', '*.ExecuteSqlRaw', '*.ExecuteSqlRawAsync', '*.SqlQueryRaw', '*.FromSql', '*.ExecuteSqlCommand', '*.ExecuteSqlCommandAsync'], kind: 'sql', api: 'EF Core FromSqlRaw', args: { positions: [0] } },
  { callee: ['SqlCommand', 'NpgsqlCommand', 'MySqlCommand', 'SqliteCommand', 'OracleCommand', 'SqlDataAdapter'], kind: 'sql', api: 'SqlCommand', args: { positions: [0] } },
  { callee: ['*.Query', '*.QueryAsync', '*.QueryFirst', '*.QueryFirstOrDefault', '*.QueryFirstOrDefaultAsync', '*.QuerySingle', '*.QuerySingleOrDefault', '*.Execute', '*.ExecuteAsync', '*.ExecuteScalar', '*.ExecuteScalarAsync', '*.QueryMultiple'], kind: 'sql', api: 'Dapper Query', args: { positions: [0] }, where: on(/conn|db|connection|sql|session/i) },
  // OS commands
  { callee: ['Process.Start', 'System.Diagnostics.Process.Start'], kind: 'command', api: 'Process.Start', args: { rest: 0 } },
  { callee: ['ProcessStartInfo', 'System.Diagnostics.ProcessStartInfo'], kind: 'command', api: 'ProcessStartInfo', args: { rest: 0 } },
  // Code evaluation
  { callee: ['CSharpScript.EvaluateAsync', 'CSharpScript.RunAsync', 'CSharpScript.Create'], kind: 'code-eval', api: 'CSharpScript.EvaluateAsync', args: { positions: [0] } },
  // Deserialisation of request data
  { callee: '*.Deserialize', kind: 'deserialize', api: 'BinaryFormatter.Deserialize', args: { positions: [0] }, where: on(/BinaryFormatter|formatter|NetDataContract|SoapFormatter|LosFormatter|ObjectStateFormatter/i) },
  { callee: ['JsonConvert.DeserializeObject'], kind: 'deserialize', api: 'JsonConvert.DeserializeObject (TypeNameHandling)', args: { positions: [0] }, where: (c) => /TypeNameHandling\.(?:All|Auto|Objects|Arrays)/.test(c.text()) },
  // Files
  { callee: ['File.ReadAllText', 'File.ReadAllBytes', 'File.ReadAllLines', 'File.OpenRead', 'File.Open', 'File.WriteAllText', 'File.WriteAllBytes', 'File.Delete', 'File.OpenText', 'File.ReadAllTextAsync', 'File.ReadAllBytesAsync', 'System.IO.File.ReadAllText', 'System.IO.File.ReadAllBytes', 'System.IO.File.Delete', 'System.IO.File.OpenRead'], kind: 'path', api: 'System.IO.File', args: { positions: [0] } },
  // StreamReader/StreamWriter also wrap a Stream (`new StreamReader(Request.Body)`): only a path argument opens a file.
  { callee: ['FileStream', 'StreamReader', 'StreamWriter', 'FileInfo'], kind: 'path', api: 'FileStream', args: { positions: [0] }, where: (c) => !STREAM_ARG.test(firstArg(c)) },
  { callee: ['PhysicalFile', 'Results.File', 'TypedResults.PhysicalFile', 'Results.Stream'], kind: 'path', api: 'PhysicalFile', args: { positions: [0] } },
  // Outbound requests
  { callee: ['*.GetAsync', '*.GetStringAsync', '*.GetStreamAsync', '*.GetByteArrayAsync', '*.PostAsync', '*.PutAsync', '*.DeleteAsync', '*.PostAsJsonAsync', '*.GetFromJsonAsync'], kind: 'ssrf', api: 'HttpClient.GetAsync', args: { positions: [0] }, where: on(/client|http/i) },
  { callee: ['HttpRequestMessage'], kind: 'ssrf', api: 'HttpRequestMessage', args: { positions: [1] } },
  { callee: ['WebRequest.Create', 'HttpWebRequest.Create', 'WebRequest.CreateHttp'], kind: 'ssrf', api: 'WebRequest.Create', args: { positions: [0] } },
  { callee: ['*.DownloadString', '*.DownloadData', '*.DownloadFile', '*.OpenRead'], kind: 'ssrf', api: 'WebClient.DownloadString', args: { positions: [0] }, where: on(/client|web/i) },
  // Redirects
  { callee: ['Redirect', 'RedirectPermanent', 'Results.Redirect', 'TypedResults.Redirect', '*.Redirect', 'RedirectResult'], kind: 'redirect', api: 'Redirect', args: { positions: [0] } },
  // HTML written without encoding
  { callee: ['Html.Raw', 'HtmlString', '*.WriteAsync'], kind: 'html', api: 'Html.Raw', args: { positions: [0] }, where: (c) => !/WriteAsync/.test(c.text()) || /Response/.test(receiverText(c)) },
  // Regular expressions from request data
  { callee: ['Regex', 'Regex.IsMatch', 'Regex.Match', 'Regex.Replace'], kind: 'regex', api: 'Regex', args: { positions: [0] }, where: (c) => c.kind() === 'object_creation_expression' },
];

const SANITIZERS: SanitizerSpec[] = [
  { callee: ['int.Parse', 'Int32.Parse', 'long.Parse', 'Int64.Parse', 'Guid.Parse', 'decimal.Parse', 'double.Parse', 'bool.Parse', 'Convert.ToInt32', 'Convert.ToInt64'] },
  { callee: ['HtmlEncoder.Default.Encode', 'WebUtility.HtmlEncode', 'HttpUtility.HtmlEncode', 'HtmlEncode'], kinds: ['html', 'template'] },
  { callee: ['Path.GetFileName'], kinds: ['path'] },
  { callee: ['Uri.EscapeDataString', 'WebUtility.UrlEncode', 'HttpUtility.UrlEncode'], kinds: ['redirect', 'ssrf', 'header', 'command', 'path'] },
  { callee: ['Url.IsLocalUrl', 'LocalRedirect'], kinds: ['redirect'] },
];

const PROPAGATORS: PropagatorSpec[] = [
  { callee: ['string.Format', 'String.Format', 'string.Concat', 'String.Concat', 'string.Join', 'String.Join', 'Path.Combine', 'Uri', 'StringBuilder', 'MemoryStream', 'StringReader', 'Convert.FromBase64String', 'Encoding.UTF8.GetString'], from: { rest: 0 } },
  { callee: ['*.Append', '*.AppendLine', '*.AppendFormat', '*.Add'], from: { rest: 0 }, into: { receiver: true } },
];

export const CS_TAINT: TaintLanguage = {
  lang: 'csharp',
  syntax: CS_SYNTAX,
  sources: SOURCES,
  sinks: SINKS,
  sanitizers: SANITIZERS,
  propagators: PROPAGATORS,
  methodsPropagate: true,
};
