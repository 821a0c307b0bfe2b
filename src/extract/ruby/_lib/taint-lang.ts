// Ruby for the polyglot taint engine: Rails and Sinatra request data (`params`, `request`,
// `cookies`), the sinks of the web rules, sanitisers and propagators.
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec, TaintLanguage } from '../../_polyglot/taint/types.js';
import { RUBY_SYNTAX } from './taint-syntax.js';

export const RUBY_REQUEST_VARS = ['params', 'request', 'cookies'];

const SOURCES: SourceSpec[] = [
  // A sink method called on request data (`params[:t].constantize`) is a call to judge, not a source.
  { request: /^(?![\s\S]*\.(?:constantize|safe_constantize|html_safe)\b)(?:\[|\.(?:fetch|require|permit|dig|to_unsafe_h|to_h|values|params|body|headers|query_string|raw_post|url|referer|referrer|cookies|query_parameters|request_parameters|path|fullpath|original_url|env|read|user_agent|host)\b)/ },
];

/** `render inline: x` / `render html: x`: only those keywords are sinks. */
const keyword = (name: string) => (_call: SgNode, args: readonly CallArg[]) => args.some((a) => a.keyword === name);

const SINKS: SinkSpec[] = [
  // SQL through ActiveRecord string conditions and raw connections
  { callee: ['*.find_by_sql', '*.count_by_sql', '*.where', '*.having', '*.order', '*.reorder', '*.group', '*.joins', '*.select', '*.pluck', '*.from', '*.lock', '*.exists?', '*.delete_all', '*.update_all', '*.destroy_all', 'where', 'order'], kind: 'sql', api: 'ActiveRecord where (string)', args: { positions: [0] } },
  { callee: ['*.execute', '*.exec_query', '*.select_all', '*.select_value', '*.select_rows'], kind: 'sql', api: 'connection.execute', args: { positions: [0] }, where: (c) => /connection|conn|db|ActiveRecord/i.test(c.field('receiver')?.text() ?? '') },
  // OS commands
  { callee: ['system', 'exec', 'spawn', 'Kernel.system', 'Kernel.exec', 'Kernel.spawn', 'Process.spawn', 'IO.popen', 'Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'Open3.popen3', 'Open3.popen2', 'Kernel.`'], kind: 'command', api: 'Kernel#system', args: { positions: [0] } },
  { callee: ['open', 'Kernel.open'], kind: 'command', api: 'Kernel#open', args: { positions: [0] } },
  // Code evaluation and dynamic dispatch
  { callee: ['eval', 'instance_eval', 'class_eval', 'module_eval', 'Kernel.eval', '*.instance_eval', '*.class_eval', '*.module_eval'], kind: 'code-eval', api: 'Kernel#eval', args: { positions: [0] } },
  { callee: ['*.send', '*.public_send', '*.__send__', 'send', 'public_send', '*.try'], kind: 'code-eval', api: 'Object#send', args: { positions: [0] } },
  { callee: ['*.constantize', '*.safe_constantize'], kind: 'code-eval', api: 'String#constantize', args: { receiver: true } },
  { callee: ['Object.const_get', 'Kernel.const_get', '*.const_get'], kind: 'code-eval', api: 'Module#const_get', args: { positions: [0] } },
  // Deserialisation
  { callee: ['YAML.load', 'Psych.load', 'YAML.unsafe_load', 'Psych.unsafe_load', 'YAML.load_documents'], kind: 'deserialize', api: 'YAML.load', args: { positions: [0] } },
  { callee: ['Marshal.load', 'Marshal.restore', 'Oj.load', 'Oj.object_load'], kind: 'deserialize', api: 'Marshal.load', args: { positions: [0] } },
  // Files
  { callee: ['File.read', 'File.open', 'File.new', 'File.readlines', 'File.binread', 'File.write', 'File.delete', 'File.unlink', 'IO.read', 'IO.readlines', 'FileUtils.rm', 'FileUtils.rm_rf', 'FileUtils.rm_r', 'FileUtils.cp', 'FileUtils.mv', 'send_file', 'Pathname.new'], kind: 'path', api: 'File.read', args: { positions: [0] } },
  // Outbound requests
  { callee: ['Net::HTTP.get', 'Net::HTTP.get_response', 'Net::HTTP.post', 'Net::HTTP.post_form', 'URI.open', 'HTTParty.get', 'HTTParty.post', 'Faraday.get', 'Faraday.post', 'RestClient.get', 'RestClient.post', 'Excon.get', 'HTTP.get', 'Typhoeus.get'], kind: 'ssrf', api: 'Net::HTTP.get', args: { positions: [0] } },
  // Redirects
  { callee: ['redirect_to', 'redirect'], kind: 'redirect', api: 'redirect_to', args: { positions: [0] }, unless: (c) => /allow_other_host:\s*false/.test(c.text()) },
  // Templates and unescaped HTML
  { callee: 'render', kind: 'template', api: 'render inline:', args: { keywords: ['inline'] }, where: keyword('inline') },
  { callee: ['ERB.new', 'Liquid::Template.parse', 'Haml::Engine.new', 'Slim::Template.new'], kind: 'template', api: 'ERB.new', args: { positions: [0] } },
  { callee: ['raw', '*.html_safe'], kind: 'html', api: 'String#html_safe', args: { positions: [0], receiver: true } },
  { callee: 'render', kind: 'html', api: 'render html:', args: { keywords: ['html', 'text'] }, where: (c, a) => keyword('html')(c, a) },
  // Regular expressions from request data
  { callee: ['Regexp.new', 'Regexp.compile'], kind: 'regex', api: 'Regexp.new', args: { positions: [0] } },
];

const SANITIZERS: SanitizerSpec[] = [
  { callee: ['*.to_i', '*.to_f', 'Integer', 'Float', '*.to_sym', '*.present?', '*.blank?', '*.nil?', '*.include?', '*.length', '*.size', '*.empty?'] },
  { callee: ['ERB::Util.html_escape', 'CGI.escapeHTML', 'h', 'html_escape', 'sanitize', 'strip_tags', 'Rack::Utils.escape_html'], kinds: ['html', 'template'] },
  { callee: ['File.basename', 'ActiveStorage::Filename.new'], kinds: ['path'] },
  { callee: ['Shellwords.escape', 'Shellwords.shellescape', '*.shellescape'], kinds: ['command'] },
  { callee: ['CGI.escape', 'URI.encode_www_form_component', 'ERB::Util.url_encode'], kinds: ['redirect', 'ssrf', 'header', 'command', 'path'] },
  { callee: ['ActiveRecord::Base.sanitize_sql', 'sanitize_sql', 'sanitize_sql_array', '*.quote', 'sanitize_sql_like'], kinds: ['sql'] },
];

const PROPAGATORS: PropagatorSpec[] = [
  { callee: ['format', 'sprintf', 'File.join', 'Rails.root.join', '*.join', 'URI.parse', 'URI', 'Base64.decode64', 'JSON.parse'], from: { rest: 0, receiver: true } },
  { callee: ['*.<<', '*.push', '*.concat', '*.merge!'], from: { rest: 0 }, into: { receiver: true } },
];

export const RUBY_TAINT: TaintLanguage = {
  lang: 'ruby',
  syntax: RUBY_SYNTAX,
  sources: SOURCES,
  sinks: SINKS,
  sanitizers: SANITIZERS,
  propagators: PROPAGATORS,
  methodsPropagate: true,
};
