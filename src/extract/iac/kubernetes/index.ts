// Kubernetes manifests: every document of every YAML file that is a Kubernetes object (apiVersion +
// kind), including `kind: List`. Helm templates and Kustomize files have extractors of their own.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { isComposePath } from '../compose/index.js';
import { parseYaml, toPlain } from '../_lib/yaml.js';
import type { ParsedYaml } from '../_lib/yaml.js';
import { errorMessage, isRecord, list, YamlLocator } from '../_lib/yaml-path.js';
import { linkKubernetes } from './link.js';
import { applyKustomizations } from './kustomize-link.js';
import { resourceFacts } from './resources.js';

const LOOKS_LIKE_K8S = /^(?:-\s+)?apiVersion:\s*\S/m;
const KIND = /^(?:\s*)kind:\s*\S/m;

export function looksLikeKubernetes(content: string): boolean {
  return LOOKS_LIKE_K8S.test(content) && KIND.test(content);
}

/** Files the Helm and Kustomize extractors own, and Go-templated YAML this extractor cannot parse. */
function notPlainManifest(path: string, content: string): boolean {
  const name = posix.basename(path).toLowerCase();
  if (name === 'chart.yaml' || name === 'kustomization.yaml' || name === 'kustomization.yml' || /^values[^/]*\.ya?ml$/.test(name)) return true;
  return content.includes('{{');
}

/** Facts of every Kubernetes object in already-parsed YAML (shared with the Helm extractor). */
export function manifestFacts(file: string, parsed: ParsedYaml, platform: 'kubernetes' | 'helm', mapLine?: (line: number) => number, extra?: Record<string, string>): FactInput[] {
  const facts: FactInput[] = [];
  for (const doc of parsed.documents) {
    let root: unknown;
    try {
      root = toPlain(doc);
    } catch {
      continue;
    }
    if (!isRecord(root)) continue;
    const at = new YamlLocator(parsed, doc, mapLine);
    if (root.kind === 'List' && Array.isArray(root.items)) {
      for (const [i, item] of list(root.items).entries()) {
        if (!isRecord(item)) continue;
        facts.push(...withExtra(resourceFacts({ file, platform, object: item, at: at.within(['items', i]) }), extra));
      }
      continue;
    }
    if (typeof root.apiVersion !== 'string') continue;
    facts.push(...withExtra(resourceFacts({ file, platform, object: root, at }), extra));
  }
  return facts;
}

function withExtra(facts: FactInput[], extra: Record<string, string> | undefined): FactInput[] {
  if (!extra) return facts;
  for (const f of facts) if (f.kind === 'deployment') f.attributes = { ...f.attributes, ...extra };
  return facts;
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  if (notPlainManifest(file.path, file.content) || !looksLikeKubernetes(file.content)) return null;
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(file, ctx);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${errorMessage(error)}` });
    return null;
  }
  const [first] = parsed.errors;
  if (first) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${first.message}`, line: first.line });
    return null;
  }
  const facts = manifestFacts(file.path, parsed, 'kubernetes');
  return facts.length > 0 ? facts : null;
}

export const extractor: Extractor = {
  id: 'iac/kubernetes',
  title: 'Kubernetes manifests',
  matches: (path) => /\.ya?ml$/i.test(path) && !isComposePath(path),
  signals: ['apiVersion'],
  extract,
  link: (facts) => linkKubernetes(applyKustomizations(facts)),
};
