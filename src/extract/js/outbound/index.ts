// Outbound calls from server code (the non-taint part): HTTP clients with their target host or
// env var, and SDK clients of named services (payments, messaging, email, cloud, LLMs). LLM SDK
// calls also give llm-call facts. Request-influenced URLs are the taint extractor's job; here
// `tainted` is always false.
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  jsIndex,
  memberPath,
  objectProp,
  resolveObject,
  type AstNode,
  type CallLike,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { SDKS, serviceOfHost } from './services.js';
import { stringEnd } from '../_lib/signal-words.js';
import { hostOf, httpUrlHead, targetFromOptions, targetOf } from './target.js';

const HTTP_LIBS: [RegExp, string][] = [
  [/^(node-fetch|undici\.fetch|cross-fetch|isomorphic-fetch|fetch|globalThis\.fetch)$/, 'fetch'],
  [/^axios(\.(get|post|put|patch|delete|head|options|request|create))?$/, 'axios'],
  [/^got(\.(get|post|put|patch|delete|stream))?$/, 'got'],
  [/^(request|request-promise|request-promise-native)(\.(get|post|put|patch|del|delete))?$/, 'request'],
  [/^(superagent|needle|phin|bent)(\.(get|post|put|patch|del|delete))?$/, 'superagent'],
  [/^undici\.(request|stream)$/, 'undici'],
  [/^(http|https)\.(request|get)$/, 'node-http'],
  [/^ky(\.(get|post|put|patch|delete))?$/, 'ky'],
];
/**
 * Every fact needs one of these in the text. An HTTP call other than fetch needs its callee's head
 * imported (or `require('m')` itself), so its resolved name starts with the module specifier as
 * written: `axios`, `undici`, `superagent`, `needle`, `phin`, `bent`, and the short `got`, `ky`,
 * `http(s)`, `request(-promise)` closed by their quote. A fetch call resolves to `fetch`, `*.fetch`
 * or a `*-fetch` module. An SDK client's resolved name starts with its module specifier or, when
 * not imported, with that identifier; each SDKS pattern contains one of the names below, as do the
 * AWS (`aws-sdk`, `@aws-sdk/`), Google Cloud and Azure clients. LLM calls need an SDK client first.
 */
const SIGNALS = [
  'fetch',
  'axios',
  'undici',
  'superagent',
  'needle',
  'phin',
  'bent',
  ...['got', 'ky', 'http', 'https', 'request'].flatMap(stringEnd),
  'request-promise',
  ...['stripe', 'paypal', 'braintree', 'twilio', 'sendgrid', 'mailgun', 'nodemailer', '@slack/', 'openai', 'anthropic', '@google/gen', 'mistral'],
  ...['cohere-ai', 'groq-sdk', 'ollama', 'firebase-admin', 'googleapis', 'octokit', '@sentry/node', 'algoliasearch', 'cloudinary', '@auth0/', '@okta/', 'ldapjs', 'ldapts', 'web-push'],
  ...['aws-sdk', '@google-cloud/', '@azure/'],
];

const AWS_DATA = /^(S3|SQS|DynamoDB|DynamoDBClient|S3Client|SQSClient|DynamoDBDocumentClient)$/;
const FRONTEND_HINT = /(^|\/)(client|frontend|public|static)\/|\.[jt]sx$|\.vue$/;

function outbound(index: JsIndex, at: AstNode, library: string, target: string | undefined, service: string | undefined, protocol = 'https'): FactInput {
  const fact: FactInput = {
    kind: 'outbound-call',
    protocol,
    library,
    tainted: false,
    evidence: index.evidence(at),
    key: `${index.file}#outbound-call:${index.enclosingFunctionName(at)}:${library}:${service ?? target ?? '?'}`,
  };
  if (target) fact.target = target;
  if (service) fact.service = service;
  return fact;
}

function httpCall(call: CallLike, index: JsIndex, library: string): FactInput | undefined {
  const first = call.arguments[0] as AstNode | undefined;
  const cfg = resolveObject(first, index);
  const target = cfg ? targetFromOptions(cfg, index, ['url', 'uri', 'baseURL', 'host', 'hostname', 'origin']) : targetOf(first, index);
  if (!target && first && /^['"`]\//.test(index.text(first))) return undefined;
  return outbound(index, call, library, target, serviceOfHost(target), /^['"`]?http:\/\//.test(index.text(first ?? call)) ? 'http' : 'https');
}

/** Option keys naming the server, by SDK protocol (`createTransport({ host })`, `ldap.createClient({ url })`). */
const SDK_TARGET_OPTIONS: Record<string, string[]> = { smtp: ['host', 'service'], ldap: ['url'] };

type Sdk = (typeof SDKS)[number];
/** Module → its SDK entry: each call would otherwise try every SDK pattern (same answer per module). */
const sdkOfModule = new Map<string, Sdk | undefined>();
function sdkOf(module: string): Sdk | undefined {
  if (sdkOfModule.has(module)) return sdkOfModule.get(module);
  const sdk = SDKS.find((s) => s.module.test(module));
  if (sdkOfModule.size < 10_000) sdkOfModule.set(module, sdk);
  return sdk;
}

function sdkFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const llmClients = new Map<string, string>();
  for (const call of [...index.nodesOf('NewExpression'), ...index.nodesOf('CallExpression')]) {
    const r = index.resolvedCallee(call) ?? '';
    const module = r.startsWith('@') ? r.split('.')[0] : r.split('.')[0];
    const sdk = sdkOf(module);
    if (sdk && (call.type === 'NewExpression' || r === module || /\.(createTransport|createClient|connect|setApiKey|init|initializeApp|client|Client|BraintreeGateway|default|sendNotification)$/.test(r))) {
      const options = SDK_TARGET_OPTIONS[sdk.protocol ?? ''];
      const target = options ? targetFromOptions(call.arguments[0] as AstNode, index, options) : undefined;
      out.push(outbound(index, call, module, target, sdk.service, sdk.protocol ?? 'https'));
      if (sdk.llm) {
        const parent = index.parent(call);
        if (parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') llmClients.set(parent.id.name, sdk.service);
        else if (parent && parent.type === 'AssignmentExpression') llmClients.set(memberPath(parent.left as AstNode)?.join('.') ?? '', sdk.service);
      }
      continue;
    }
    // AWS SDK v3 clients other than data stores (SES, SNS, Lambda, ...), and v2 `new AWS.X()`.
    const awsV3 = /^@aws-sdk\/client-([\w-]+)\.(\w+)Client$/.exec(r);
    const awsV2 = /^aws-sdk\.(\w+)$/.exec(r);
    if (call.type === 'NewExpression' && (awsV3 || awsV2)) {
      const name = awsV3 ? awsV3[2] : awsV2![1];
      if (!AWS_DATA.test(name) && !AWS_DATA.test(`${name}Client`)) out.push(outbound(index, call, awsV3 ? `@aws-sdk/client-${awsV3[1]}` : 'aws-sdk', undefined, `aws-${name.toLowerCase()}`));
      continue;
    }
    const gcp = /^(@google-cloud\/[\w-]+|@azure\/[\w-]+)\.(\w+)$/.exec(r);
    if (call.type === 'NewExpression' && gcp && !/storage/.test(gcp[1])) out.push(outbound(index, call, gcp[1], undefined, gcp[1].replace(/^@/, '').replace('/', '-')));
  }
  // LLM calls: client.chat.completions.create / client.messages.create / client.responses.create.
  // Only calls on a client made above can match.
  if (llmClients.size > 0) for (const call of index.nodesOf('CallExpression')) {
    const name = calleeName(call) ?? '';
    const base = [...llmClients.keys()].find((c) => c && (name.startsWith(`${c}.`) || name.startsWith(`this.${c}.`)));
    const prop = calleeProperty(call);
    if (!base || !prop || !/^(create|generateContent|stream|chat|generate|parse)$/.test(prop)) continue;
    const opts = resolveObject(call.arguments[0] as AstNode, index);
    const tools = !!(objectProp(opts, 'tools') ?? objectProp(opts, 'functions') ?? objectProp(opts, 'tool_choice'));
    out.push({ kind: 'llm-call', provider: llmClients.get(base) ?? 'unknown', tools, evidence: index.evidence(call), key: `${index.file}#llm-call:${index.enclosingFunctionName(call)}:${name}` });
  }
  return out;
}

/**
 * A project's own fetch wrapper (`this.fetchService.fetch(`${this.apiUrl}/coins`)`, `http.fetch(url)`):
 * an outbound HTTP call when its first argument visibly starts with an http(s) URL; `cache.fetch(key)`
 * and a model's `fetch()` do not.
 */
function wrappedFetch(call: CallLike, name: string, index: JsIndex): FactInput | undefined {
  if (!/\.fetch$/.test(name)) return undefined;
  const head = httpUrlHead(call.arguments[0] as AstNode | undefined, index);
  const target = head ? hostOf(head) : undefined;
  if (!target) return undefined;
  return outbound(index, call, 'fetch', target, serviceOfHost(target), /^http:/i.test(head ?? '') ? 'http' : 'https');
}

export const extractor: Extractor = {
  id: 'js/outbound',
  title: 'Outbound HTTP calls and third-party SDK clients (payments, email, messaging, cloud, LLM providers)',
  matches: (path) => isJsFile(path) && !FRONTEND_HINT.test(path) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    if (index.imports('react', 'vue', '@angular/core', 'svelte', 'react-dom')) return null;
    const out: FactInput[] = [];
    for (const call of index.nodesOf('CallExpression')) {
      const name = calleeName(call) ?? '';
      const r = index.resolvedCallee(call) ?? name;
      const lib = HTTP_LIBS.find(([re]) => re.test(r) && (r !== 'fetch' || name === 'fetch'));
      if (!lib) {
        const wrapped = wrappedFetch(call, name, index);
        if (wrapped) out.push(wrapped);
        continue;
      }
      if (lib[1] === 'request' && !index.imports('request', 'request-promise', 'request-promise-native')) continue;
      if (lib[1] === 'superagent' && !index.imports('superagent', 'needle', 'phin', 'bent')) continue;
      if (lib[1] === 'node-http' && !index.imports('http', 'https')) continue;
      if (lib[1] !== 'fetch' && !index.bindings.has(name.split('.')[0]) && !/^require\(/.test(index.text(call.callee as AstNode))) continue;
      const fact = httpCall(call, index, lib[1]);
      if (fact) out.push(fact);
    }
    out.push(...sdkFacts(index));
    return out.length > 0 ? out : null;
  },
};
