// CloudFormation and SAM templates (YAML with short intrinsic tags, or JSON): resources normalised to
// the shared cloud vocabulary; SAM API events become routes of an implicit API Gateway.
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { linkCloud } from '../_lib/cloud-link.js';
import { toPlain } from '../_lib/yaml.js';
import { errorMessage, isRecord, text, YamlLocator } from '../_lib/yaml-path.js';
import { parseTemplate } from './parse.js';
import { cfnResourceFacts } from './resources.js';

const LOOKS_LIKE_TEMPLATE = /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31|["']?Type["']?\s*:\s*["']?AWS::/;

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  if (!LOOKS_LIKE_TEMPLATE.test(file.content)) return null;
  let root: unknown;
  let at: YamlLocator;
  try {
    const parsed = parseTemplate(file, ctx);
    const doc = parsed.documents[0];
    if (!doc || parsed.errors.length > 0) {
      if (parsed.errors[0]) ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid template: ${parsed.errors[0].message}`, line: parsed.errors[0].line });
      return null;
    }
    root = toPlain(doc);
    at = new YamlLocator(parsed, doc);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid template: ${errorMessage(error)}` });
    return null;
  }
  if (!isRecord(root) || !isRecord(root.Resources)) return null;
  const implicitApis = new Set<string>();
  const facts: FactInput[] = [];
  for (const [id, resource] of Object.entries(root.Resources)) {
    if (!isRecord(resource)) continue;
    const type = text(resource.Type);
    if (!type) continue;
    facts.push(...cfnResourceFacts({ file: file.path, id, type, props: isRecord(resource.Properties) ? resource.Properties : {}, at, implicitApis }));
  }
  for (const api of [...implicitApis].sort()) {
    if (isRecord(root.Resources[api])) continue;
    facts.push({
      kind: 'deployment',
      platform: 'cloudformation',
      workload: api,
      resourceType: 'AWS::Serverless::Api (implicit)',
      exposure: 'internet',
      attributes: { kind: 'api-gateway', component: 'service', gateway: true, tech: 'Amazon API Gateway', displayName: api },
      evidence: { file: file.path, line: at.line(['Resources']), snippet: 'Resources:' },
      key: `${file.path}#cfn:${api}`,
    });
  }
  // Gateways forward to the functions their routes name.
  for (const f of facts) {
    if (f.kind !== 'deployment' || f.attributes?.kind !== 'api-gateway') continue;
    const targets = facts.filter((r) => r.kind === 'deployment' && r.attributes?.kind === 'api-route' && r.attributes.api === f.workload && r.attributes.routesTo).map((r) => String(r.kind === 'deployment' ? r.attributes?.routesTo : ''));
    if (targets.length > 0) f.attributes = { ...f.attributes, routesTo: [...new Set(targets)].sort().join(',') };
  }
  return facts.length > 0 ? facts : null;
}

export const extractor: Extractor = {
  id: 'iac/cloudformation',
  title: 'CloudFormation and SAM',
  matches: (path) => /\.(?:ya?ml|json|template)$/i.test(path),
  signals: ['AWS::'],
  extract,
  link: linkCloud,
};
