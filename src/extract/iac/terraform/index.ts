// Terraform (`*.tf`): resources of AWS, Google Cloud and Azure that matter for exposure, data
// protection and identity, read with a small HCL parser (hcl.ts) and normalised to the shared
// cloud vocabulary; the link step joins resources that configure each other.
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { linkCloud } from '../_lib/cloud-link.js';
import { parseHcl } from './hcl.js';
import { resourceFacts } from './resources.js';

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  let parsed;
  try {
    parsed = ctx.parse('hcl', () => parseHcl(file.content));
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `could not read HCL: ${error instanceof Error ? error.message : String(error)}` });
    return null;
  }
  const facts = parsed.blocks.flatMap((b) => resourceFacts(file.path, b));
  return facts.length > 0 ? facts : null;
}

export const extractor: Extractor = {
  id: 'iac/terraform',
  title: 'Terraform (AWS, Google Cloud, Azure)',
  matches: (path) => path.endsWith('.tf'),
  signals: ['resource', 'data'],
  extract,
  link: linkCloud,
};
