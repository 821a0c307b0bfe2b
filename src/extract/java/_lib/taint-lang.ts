// Java for the polyglot taint engine: servlet / Spring / JAX-RS request sources come from the
// extractor (request objects and bound parameters); here are the sinks of the web rules,
// sanitisers and propagators, matched on the callee as written (`jdbcTemplate.query`).
import type { SgNode } from '@ast-grep/napi';
import type { PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec, TaintLanguage } from '../../_polyglot/taint/types.js';
import { JAVA_SYNTAX } from './taint-syntax.js';

/**
 * The object a method is called on, by the text of the call (`jdbcTemplate` of
 * `jdbcTemplate.query(...)`): Java's `object` field, or Kotlin's `navigation_expression` callee.
 */
function receiverText(call: SgNode): string {
  const object = call.field('object');
  if (object) return object.text();
  const callee = call.child(0);
  return callee?.kind() === 'navigation_expression' ? (callee.child(0)?.text() ?? '') : '';
}

const on = (re: RegExp) => (call: SgNode) => re.test(receiverText(call));

/** The first argument is a string built at the call or a variable (not a constant query). */
const SQL_RECEIVER = /jdbc|template|statement|stmt|conn|connection|session|entityManager|\bem\b|manager|db|database|dsl|query/i;

/** Request objects of servlet, Spring and JAX-RS code; their getters are request data. */
export const REQUEST_TYPES = /^(?:Http)?Servlet(?:Request|RequestWrapper)$|^(?:ServerHttp|Server|Web|NativeWeb|HttpEntity|Http|Multipart(?:Http)?Servlet)Request$|^ContainerRequestContext$|^UriInfo$|^HttpHeaders$/;

export const JAVA_REQUEST_SOURCE = /^\.(?:getParameter|getParameterValues|getParameterMap|getParameterNames|getHeader|getHeaders|getQueryString|getCookies|getInputStream|getReader|getRequestURI|getRequestURL|getPathInfo|getServletPath|getPart|getParts|getFile|queryParam|queryParams|pathVariable|pathVariables|bodyToMono|bodyToFlux|body|headers|getQueryParams|getQueryParameters|getPathParameters|getBody|getRequestHeaders|getHeaderString|getRemoteUser|getAttribute|getSession)\b/;

const SOURCES: SourceSpec[] = [{ request: JAVA_REQUEST_SOURCE }];

const PATH_TYPES = ['File', 'java.io.File', 'FileInputStream', 'FileOutputStream', 'FileReader', 'FileWriter', 'RandomAccessFile', 'PrintWriter', 'ZipFile', 'FileSystemResource'];

const SINKS: SinkSpec[] = [
  // SQL: JDBC, JdbcTemplate, JPA/Hibernate native and JPQL queries
  { callee: ['*.createNativeQuery', '*.createQuery', '*.createSQLQuery', '*.createStatement'], kind: 'sql', api: 'EntityManager.createNativeQuery', args: { positions: [0] } },
  { callee: ['*.executeQuery', '*.executeUpdate', '*.executeLargeUpdate', '*.addBatch', '*.prepareStatement', '*.prepareCall', '*.nativeQuery'], kind: 'sql', api: 'java.sql.Statement.executeQuery', args: { positions: [0] } },
  { callee: ['*.query', '*.queryForObject', '*.queryForList', '*.queryForMap', '*.queryForRowSet', '*.queryForStream', '*.update', '*.batchUpdate', '*.execute'], kind: 'sql', api: 'JdbcTemplate.query', args: { positions: [0] }, where: on(SQL_RECEIVER), unless: on(/(?:Service|Controller|Facade)s?$/) },
  // OS commands
  { callee: '*.exec', kind: 'command', api: 'Runtime.exec', args: { rest: 0 }, where: on(/[Rr]untime/) },
  { callee: ['ProcessBuilder', 'java.lang.ProcessBuilder'], kind: 'command', api: 'ProcessBuilder', args: { rest: 0 } },
  { callee: '*.command', kind: 'command', api: 'ProcessBuilder.command', args: { rest: 0 }, where: on(/[Pp]rocess|\bpb\b|[Bb]uilder/) },
  // Code evaluation: script engines, SpEL, OGNL, Groovy
  { callee: ['*.eval', '*.evaluate'], kind: 'code-eval', api: 'ScriptEngine.eval', args: { positions: [0] }, where: on(/engine|script|groovy|shell|interpreter|nashorn|js/i) },
  { callee: '*.parseExpression', kind: 'code-eval', api: 'ExpressionParser.parseExpression (SpEL)', args: { positions: [0] } },
  { callee: ['Ognl.getValue', 'Ognl.parseExpression', 'MVEL.eval', 'MVEL.compileExpression'], kind: 'code-eval', api: 'Ognl.getValue', args: { positions: [0] } },
  // Deserialisation
  { callee: ['ObjectInputStream', 'java.io.ObjectInputStream', 'XMLDecoder', 'java.beans.XMLDecoder'], kind: 'deserialize', api: 'ObjectInputStream', args: { positions: [0] } },
  { callee: '*.fromXML', kind: 'deserialize', api: 'XStream.fromXML', args: { positions: [0] } },
  { callee: ['*.load', '*.loadAs', '*.loadAll'], kind: 'deserialize', api: 'Yaml.load (SnakeYAML)', args: { positions: [0] }, where: on(/yaml/i) },
  { callee: 'SerializationUtils.deserialize', kind: 'deserialize', api: 'SerializationUtils.deserialize', args: { positions: [0] } },
  // XML parsers that resolve external entities unless hardened (checked by the extractor)
  { callee: ['*.parse'], kind: 'xml', api: 'DocumentBuilder.parse', args: { positions: [0] }, where: on(/builder|parser|sax|dom|xml|reader/i), unless: on(/jwt|json|date|time|number|uri|url|expression/i) },
  { callee: ['*.read', '*.build'], kind: 'xml', api: 'SAXReader.read', args: { positions: [0] }, where: on(/saxReader|saxBuilder|SAXReader|SAXBuilder/) },
  { callee: ['*.createXMLStreamReader', '*.createXMLEventReader', '*.unmarshal'], kind: 'xml', api: 'XMLInputFactory.createXMLStreamReader', args: { positions: [0] } },
  // Files
  { callee: PATH_TYPES, kind: 'path', api: 'java.io.File', args: { rest: 0 } },
  { callee: ['Paths.get', 'Path.of', 'java.nio.file.Paths.get'], kind: 'path', api: 'Paths.get', args: { rest: 0 } },
  { callee: ['Files.readAllBytes', 'Files.readString', 'Files.readAllLines', 'Files.newInputStream', 'Files.newBufferedReader', 'Files.write', 'Files.writeString', 'Files.delete', 'Files.deleteIfExists', 'Files.copy', 'Files.move', 'Files.lines'], kind: 'path', api: 'java.nio.file.Files', args: { positions: [0] } },
  // Outbound requests
  { callee: ['*.getForObject', '*.getForEntity', '*.postForObject', '*.postForEntity', '*.postForLocation', '*.exchange', '*.put', '*.delete', '*.headForHeaders', '*.patchForObject'], kind: 'ssrf', api: 'RestTemplate', args: { positions: [0] }, where: on(/rest|template|client/i) },
  { callee: '*.uri', kind: 'ssrf', api: 'WebClient.uri', args: { positions: [0] } },
  { callee: ['*.openConnection', '*.openStream'], kind: 'ssrf', api: 'URL.openConnection', args: { receiver: true } },
  { callee: ['Jsoup.connect', 'HttpRequest.newBuilder'], kind: 'ssrf', api: 'Jsoup.connect', args: { positions: [0] } },
  { callee: '*.url', kind: 'ssrf', api: 'OkHttp Request.Builder.url', args: { positions: [0] }, where: on(/Builder|builder/) },
  { callee: ['HttpGet', 'HttpPost', 'HttpPut', 'HttpDelete'], kind: 'ssrf', api: 'Apache HttpClient', args: { positions: [0] } },
  // Redirects and headers
  { callee: '*.sendRedirect', kind: 'redirect', api: 'HttpServletResponse.sendRedirect', args: { positions: [0] } },
  { callee: ['RedirectView', 'ModelAndView'], kind: 'redirect', api: 'RedirectView', args: { positions: [0] }, where: (c, a) => c.text().startsWith('new RedirectView') || /^"redirect:/.test(a[0]?.node.text() ?? '') },
  { callee: ['*.setHeader', '*.addHeader'], kind: 'header', api: 'HttpServletResponse.setHeader', args: { positions: [1] }, where: on(/resp|response/i) },
  // Templates compiled from request data
  { callee: 'Velocity.evaluate', kind: 'template', api: 'Velocity.evaluate', args: { positions: [3] } },
  // HTML written straight to the response
  { callee: ['*.write', '*.print', '*.println', '*.printf'], kind: 'html', api: 'HttpServletResponse.getWriter().write', args: { positions: [0] }, where: on(/getWriter\(\)|\bout\b|writer/) },
  // Regular expressions from request data
  { callee: ['Pattern.compile', 'Pattern.matches'], kind: 'regex', api: 'Pattern.compile', args: { positions: [0] } },
];

const SANITIZERS: SanitizerSpec[] = [
  { callee: ['Integer.parseInt', 'Integer.valueOf', 'Long.parseLong', 'Long.valueOf', 'Double.parseDouble', 'Boolean.parseBoolean', 'UUID.fromString', 'Short.parseShort', '*.hashCode', '*.length', '*.size', '*.isEmpty', '*.equals', '*.contains', '*.matches', '*.startsWith'] },
  { callee: ['StringEscapeUtils.escapeHtml4', 'StringEscapeUtils.escapeHtml', 'HtmlUtils.htmlEscape', 'Encode.forHtml', 'Encode.forHtmlContent', 'ESAPI.encoder'], kinds: ['html', 'template'] },
  { callee: ['FilenameUtils.getName', '*.getFileName', 'StringUtils.cleanPath'], kinds: ['path'] },
  { callee: ['URLEncoder.encode', 'UriUtils.encode', 'UriUtils.encodePath'], kinds: ['redirect', 'ssrf', 'header', 'command', 'path'] },
];

const PROPAGATORS: PropagatorSpec[] = [
  { callee: ['String.format', 'String.join', 'String.valueOf', 'MessageFormat.format', 'URI.create', 'URI', 'URL', 'java.net.URL', 'StringBuilder', 'StringBuffer', 'String', 'StringReader', 'ByteArrayInputStream', 'InputSource', 'StreamSource', 'Base64.getDecoder().decode', 'Arrays.asList', 'List.of'], from: { rest: 0 } },
  { callee: ['*.append', '*.add', '*.put', '*.addAll'], from: { rest: 0 }, into: { receiver: true } },
];

export const JAVA_TAINT: TaintLanguage = {
  lang: 'java',
  syntax: JAVA_SYNTAX,
  sources: SOURCES,
  sinks: SINKS,
  sanitizers: SANITIZERS,
  propagators: PROPAGATORS,
  methodsPropagate: true,
};

/** Feature switches that stop XML parsers from resolving external entities and DTDs. */
export const XML_HARDENING = /disallow-doctype-decl|external-general-entities|ACCESS_EXTERNAL_DTD|ACCESS_EXTERNAL_SCHEMA|FEATURE_SECURE_PROCESSING|setExpandEntityReferences\s*\(\s*false|IS_SUPPORTING_EXTERNAL_ENTITIES\s*,\s*(?:false|Boolean\.FALSE)|SUPPORT_DTD\s*,\s*(?:false|Boolean\.FALSE)|load-external-dtd/;

