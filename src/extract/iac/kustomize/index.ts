// Kustomize: `kustomization.yaml` files. What they list and override is recorded as a deployment
// fact (resourceType Kustomization) that the Kubernetes link step applies to the listed manifests.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { imagePurl, parseImageRef, versionOf } from '../_lib/image.js';
import { parseYaml, toPlain } from '../_lib/yaml.js';
import { errorMessage, isRecord, list, text, YamlLocator } from '../_lib/yaml-path.js';

const NAME = /^kustomization\.ya?ml$|^Kustomization$/;

function entries(value: unknown): string[] {
  return list(value)
    .map((v) => (isRecord(v) ? text(v.path) : text(v)))
    .filter((v): v is string => !!v && !/^[a-z]+:\/\//i.test(v) && !v.startsWith('git@'));
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  let root: unknown;
  let at: YamlLocator | undefined;
  try {
    const parsed = parseYaml(file, ctx);
    const [first] = parsed.errors;
    if (first) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${first.message}`, line: first.line });
      return null;
    }
    const doc = parsed.documents[0];
    if (!doc) return null;
    root = toPlain(doc);
    at = new YamlLocator(parsed, doc);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${errorMessage(error)}` });
    return null;
  }
  if (!isRecord(root) || !at) return null;
  const dir = posix.dirname(file.path);
  const resources = [...entries(root.resources), ...entries(root.bases), ...entries(root.components)];
  const images: string[] = [];
  const facts: FactInput[] = [];
  for (const [i, image] of list(root.images).entries()) {
    if (!isRecord(image) || !text(image.name)) continue;
    const name = text(image.name) ?? '';
    const newName = text(image.newName) ?? name;
    const target = text(image.digest) ? `${newName}@${text(image.digest) ?? ''}` : text(image.newTag) ? `${newName}:${text(image.newTag) ?? ''}` : newName;
    images.push(`${name}=${target}`);
    const ref = parseImageRef(target);
    if (ref) {
      facts.push({
        kind: 'dependency',
        ecosystem: 'docker',
        name: ref.name,
        version: versionOf(ref),
        direct: true,
        scope: 'prod',
        manifest: file.path,
        purl: imagePurl(ref),
        evidence: { file: file.path, line: at.line(['images', i]), snippet: `name: ${name}` },
        key: `${file.path}#kustomize:image:${name}`,
      });
    }
  }
  const attributes: Record<string, string> = { dir, resources: resources.join(',') };
  if (images.length > 0) attributes.images = images.join('|');
  if (text(root.namespace)) attributes.namespace = text(root.namespace) ?? '';
  if (text(root.namePrefix)) attributes.namePrefix = text(root.namePrefix) ?? '';
  facts.unshift({
    kind: 'deployment',
    platform: 'kubernetes',
    workload: dir === '.' ? 'kustomization' : dir,
    resourceType: 'Kustomization',
    attributes,
    evidence: { file: file.path, line: at.line(['resources']), snippet: 'resources:' },
    key: `${file.path}#kustomization`,
  });
  return facts;
}

export const extractor: Extractor = {
  id: 'iac/kustomize',
  title: 'Kustomize',
  matches: (path) => NAME.test(posix.basename(path)),
  extract,
};
