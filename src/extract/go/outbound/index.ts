// Outbound calls from Go services: net/http client calls with a literal or environment target,
// resty, net/smtp, and SDKs of named third parties (Stripe, Twilio, SendGrid, Slack, OpenAI,
// Anthropic, AWS services that are not data stores). Always `tainted: false`: request-controlled
// URLs are go/sinks' SSRF findings. gRPC clients are go/grpc's.
import type { SgNode } from '@ast-grep/napi';
import type { FactInput, OutboundCallFact } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { goIndex, isGoFile, type GoIndex } from '../_lib/index.js';
import { goTarget } from '../_lib/values.js';

const SDKS: { path: RegExp; service: string }[] = [
  { path: /^github\.com\/stripe\/stripe-go/, service: 'stripe' },
  { path: /^github\.com\/twilio\/twilio-go/, service: 'twilio' },
  { path: /^github\.com\/sendgrid\/sendgrid-go/, service: 'sendgrid' },
  { path: /^github\.com\/slack-go\/slack/, service: 'slack' },
  { path: /^github\.com\/(sashabaranov\/go-openai|openai\/openai-go)/, service: 'openai' },
  { path: /^github\.com\/anthropics\/anthropic-sdk-go/, service: 'anthropic' },
  { path: /^github\.com\/google\/go-github/, service: 'github' },
  { path: /^github\.com\/aws\/aws-sdk-go(-v2)?\/service\/(ses|sesv2|sns|lambda|secretsmanager|kms|sts|cognitoidentityprovider)$/, service: 'aws' },
];

function args(call: SgNode): SgNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() !== 'comment');
}

function out(index: GoIndex, at: SgNode | number, protocol: string, library: string, target?: string, service?: string): FactInput {
  const f: Omit<OutboundCallFact, 'extractor'> = { kind: 'outbound-call', protocol, library, tainted: false, evidence: index.evidence(at), key: `${index.file}#outbound-call:${library}:${service ?? target ?? '?'}` };
  if (target) f.target = target;
  if (service) f.service = service;
  return f;
}

export const extractor: Extractor = {
  id: 'go/outbound',
  title: 'Go outbound calls: net/http clients, resty, SMTP, third-party SDKs',
  matches: isGoFile,
  signals: ['net/http', 'resty', 'net/smtp', 'stripe', 'twilio', 'sendgrid', 'slack', 'openai', 'anthropic', 'go-github', 'aws-sdk-go'],
  extract(file, ctx) {
    const index = goIndex(file, ctx);
    const facts: FactInput[] = [];
    // Every call below is net/http's, net/smtp's or resty's, reached through an import.
    const clients = [...index.imports].some(([alias, p]) => (p === 'net/http' || p === 'net/smtp' ? new RegExp(`\\b${alias}\\s*\\.\\s*(?:Get|Post|Head|PostForm|NewRequest|SendMail)`).test(file.content) : /go-resty/.test(p)));
    for (const call of clients ? index.root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '(Get|Post|Head|PostForm|NewRequest|NewRequestWithContext|SendMail|SetBaseURL|SetHostURL)$' } } }) : []) {
      const callee = index.resolve((call.field('function')?.text() ?? '').replace(/\s+/g, ''));
      // The argument list is read only for the calls that matter (most `Get`s are not net/http's).
      const urlPos = /^net\/http\.(Get|Post|Head|PostForm)$/.test(callee) ? 0 : callee === 'net/http.NewRequest' ? 1 : callee === 'net/http.NewRequestWithContext' ? 2 : /\.(SetBaseURL|SetHostURL)$/.test(callee) && index.importsPath(/go-resty/) ? 0 : -1;
      if (urlPos < 0 && callee !== 'net/smtp.SendMail') continue;
      const a = args(call);
      const urlArg = urlPos >= 0 ? a[urlPos] : undefined;
      if (urlArg) {
        const target = goTarget(urlArg, index);
        if (target) facts.push(out(index, call, /^http:/.test(target) ? 'http' : 'https', callee.includes('resty') || /SetBaseURL|SetHostURL/.test(callee) ? 'resty' : 'net/http', target));
        continue;
      }
      if (callee === 'net/smtp.SendMail') facts.push(out(index, call, 'smtp', 'net/smtp', goTarget(a[0], index), 'smtp'));
    }
    for (const [alias, path] of index.imports) {
      const sdk = SDKS.find((s) => s.path.test(path));
      if (!sdk) continue;
      const use = index.root.find({ rule: { kind: 'selector_expression', regex: `^${alias}\\.` } });
      facts.push(out(index, use ?? 1, 'https', path, undefined, sdk.service === 'aws' ? `aws-${path.split('/').pop()}` : sdk.service));
    }
    return facts.length > 0 ? facts : null;
  },
};
