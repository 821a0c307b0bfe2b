// Outbound calls from Python services: HTTP clients (requests, httpx, urllib, aiohttp client,
// urllib3) with a literal or environment target, gRPC channels and stubs, SMTP, and SDKs of named
// third parties (Stripe, Twilio, SendGrid, Slack, OpenAI, Anthropic, AWS services other than data
// stores). Always `tainted: false`: request-controlled URLs are python/taint's SSRF sinks.
import type { SgNode } from '@ast-grep/napi';
import type { FactInput, LlmCallFact, OutboundCallFact } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyIndex } from '../_lib/index.js';
import { keywordArg, positionalArgs } from '../_lib/receivers.js';
import { dotted, pyString } from '../_lib/strings.js';
import { pyTarget, urlTarget } from '../_lib/targets.js';

const HTTP = /^(requests|httpx)\.(get|post|put|patch|delete|head|options|request)$|^(urllib\.request\.urlopen|urllib\.request\.Request|urllib3\.request|urllib3\.PoolManager\(\)\.request)$/;
const CLIENT_BASE = /^(httpx\.(Client|AsyncClient)|aiohttp\.ClientSession)$/;

const SDKS: { module: string; service: string; protocol?: string; ctor?: RegExp }[] = [
  { module: 'stripe', service: 'stripe' },
  { module: 'twilio', service: 'twilio', ctor: /^twilio\.rest\.Client$/ },
  { module: 'sendgrid', service: 'sendgrid', ctor: /^sendgrid\.SendGridAPIClient$/ },
  { module: 'slack_sdk', service: 'slack', ctor: /^slack_sdk\.(WebClient|web\.WebClient)$/ },
  { module: 'openai', service: 'openai', ctor: /^openai\.(OpenAI|AsyncOpenAI|AzureOpenAI)$/ },
  { module: 'anthropic', service: 'anthropic', ctor: /^anthropic\.(Anthropic|AsyncAnthropic)$/ },
  { module: 'google.generativeai', service: 'gemini' },
  { module: 'paypalrestsdk', service: 'paypal' },
  { module: 'braintree', service: 'braintree' },
  { module: 'github', service: 'github', ctor: /^github\.Github$/ },
];

/** Last name segments of the calls read here (the native search returns only these, plus SDK calls). */
const CALL_NAMES = 'get|post|put|patch|delete|head|options|request|urlopen|Request|PoolManager|Client|AsyncClient|ClientSession|insecure_channel|secure_channel|SMTP|SMTP_SSL|client|resource|create|OpenAI|AsyncOpenAI|AzureOpenAI|Anthropic|AsyncAnthropic|SendGridAPIClient|WebClient|Github';

const BOTO_DATA = new Set(['s3', 'dynamodb', 'sqs', 'sns', 'kinesis']);

function out(index: PyIndex, at: SgNode, protocol: string, library: string, target: string | undefined, service?: string): FactInput {
  const f: Omit<OutboundCallFact, 'extractor'> = {
    kind: 'outbound-call',
    protocol,
    library,
    tainted: false,
    evidence: index.evidence(at),
    key: `${index.file}#outbound-call:${library}:${service ?? target ?? '?'}`,
  };
  if (target) f.target = target;
  if (service) f.service = service;
  return f;
}

function protocolOf(target: string | undefined, fallback: string): string {
  const scheme = /^([a-z]+):\/\//.exec(target ?? '')?.[1];
  return scheme ?? fallback;
}

export const extractor: Extractor = {
  id: 'python/outbound',
  title: 'Python outbound calls: HTTP clients, gRPC channels, SMTP, third-party SDKs',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['requests', 'httpx', 'urllib', 'aiohttp', 'grpc', 'smtplib', 'stripe', 'twilio', 'sendgrid', 'slack_sdk', 'openai', 'anthropic', 'boto3', 'paypal', 'braintree', 'github'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const facts: FactInput[] = [];
    const sdkSeen = new Set<string>();
    const sdkAliases = index.imports.filter((i) => SDKS.some((s) => i.qualified === s.module || i.qualified.startsWith(`${s.module}.`))).map((i) => i.alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const names = `(^|\\.)(${CALL_NAMES})$${sdkAliases.length > 0 ? `|^(${sdkAliases.join('|')})\\.` : ''}`;
    for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: names } } })) {
      const written = dotted(call.field('function'));
      if (!written) continue;
      const callee = index.resolve(written);
      const args = positionalArgs(call);
      if (HTTP.test(callee)) {
        const urlNode = callee.endsWith('.request') && /^(requests|httpx|urllib3)/.test(callee) ? args[1] : args[0];
        const target = pyTarget(urlNode ?? keywordArg(call, 'url'), index);
        if (target) facts.push(out(index, call, protocolOf(target, 'https'), callee.split('.')[0], target));
        continue;
      }
      if (CLIENT_BASE.test(callee)) {
        const target = pyTarget(keywordArg(call, 'base_url'), index);
        if (target) facts.push(out(index, call, protocolOf(target, 'https'), callee.split('.')[0], target));
        continue;
      }
      if (/^grpc(\.aio)?\.(insecure_channel|secure_channel)$/.test(callee)) {
        const raw = pyString(args[0]);
        const env = pyTarget(args[0], index);
        const target = raw !== undefined ? urlTarget(`grpc://${raw.replace(/^dns:\/{0,3}/, '')}`) : env;
        facts.push(out(index, call, 'grpc', 'grpcio', target));
        continue;
      }
      if (/^smtplib\.SMTP(_SSL)?$/.test(callee)) {
        const host = pyString(args[0]);
        facts.push(out(index, call, 'smtp', 'smtplib', host ? urlTarget(`smtp://${host}`) : pyTarget(args[0], index), 'smtp'));
        continue;
      }
      if (/^boto3\.(client|resource)$/.test(callee)) {
        const service = pyString(args[0]);
        if (service && !BOTO_DATA.has(service)) facts.push(out(index, call, 'https', 'boto3', undefined, `aws-${service}`));
        continue;
      }
      const sdk = SDKS.find((s) => (s.ctor ? s.ctor.test(callee) : callee.startsWith(`${s.module}.`)));
      if (sdk && !sdkSeen.has(sdk.service)) {
        sdkSeen.add(sdk.service);
        facts.push(out(index, call, 'https', sdk.module, undefined, sdk.service));
      }
      if (/\.(chat\.completions\.create|messages\.create|responses\.create|completions\.create)$/.test(written) && index.importsFrom('openai', 'anthropic')) {
        const llm: Omit<LlmCallFact, 'extractor'> = {
          kind: 'llm-call',
          provider: index.importsFrom('anthropic') ? 'anthropic' : 'openai',
          tools: keywordArg(call, 'tools') !== undefined || keywordArg(call, 'functions') !== undefined,
          evidence: index.evidence(call),
          key: `${index.file}#llm-call:${written}`,
        };
        facts.push(llm);
      }
    }
    return facts.length > 0 ? facts : null;
  },
};
