// Applies Kustomize `namespace:` and `images:` overrides to the manifests a kustomization lists,
// when every kustomization covering a manifest agrees (a base with several overlays that pick
// different images stays as written, and the overlays are only named).
import { posix } from 'node:path';
import type { DeploymentFact, Fact } from '../../../model/types.js';
import { parseImageRef, pinOf } from '../_lib/image.js';

function covers(k: DeploymentFact, file: string): boolean {
  const dir = String(k.attributes?.dir ?? '.');
  for (const entry of String(k.attributes?.resources ?? '').split(',').filter(Boolean)) {
    const target = posix.normalize(posix.join(dir, entry)).replace(/\/+$/, '');
    if (file === target || file.startsWith(`${target}/`)) return true;
  }
  return false;
}

/** `name=newName:newTag` entries of a kustomization, by image name. */
function overrides(k: DeploymentFact): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of String(k.attributes?.images ?? '').split('|').filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq > 0) out.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return out;
}

function only<T>(values: T[]): T | undefined {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

export function applyKustomizations(facts: Fact[]): Fact[] {
  const kustomizations = facts.filter((f): f is DeploymentFact => f.kind === 'deployment' && f.extractor === 'iac/kustomize');
  if (kustomizations.length === 0) return facts;
  return facts.map((f) => {
    if (f.kind !== 'deployment' || f.extractor !== 'iac/kubernetes') return f;
    const covering = kustomizations.filter((k) => covers(k, f.evidence.file));
    if (covering.length === 0) return f;
    const attributes: Record<string, string | number | boolean | null> = { ...f.attributes, kustomizations: covering.map((k) => String(k.attributes?.dir ?? '.')).join(',') };
    const copy: DeploymentFact = { ...f, attributes };
    const namespace = only(covering.map((k) => String(k.attributes?.namespace ?? '')).filter(Boolean));
    if (namespace && !attributes.namespace) attributes.namespace = namespace;
    const ref = f.image ? parseImageRef(f.image) : undefined;
    if (ref) {
      const image = only(covering.map((k) => overrides(k).get(ref.name) ?? overrides(k).get(ref.path)).filter((v): v is string => v !== undefined));
      const parsed = image ? parseImageRef(image) : undefined;
      if (image && parsed) {
        copy.image = image;
        attributes.imageTag = pinOf(parsed);
      }
    }
    return copy;
  });
}
