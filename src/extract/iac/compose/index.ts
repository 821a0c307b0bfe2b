// Docker Compose extractor: one deployment fact per service, with secrets and image dependencies.
import { posix } from 'node:path';
import { isMap } from 'yaml';
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { lineOfNode, pairOf, parseYaml, resolveNode, toPlain } from '../_lib/yaml.js';
import type { ParsedYaml } from '../_lib/yaml.js';
import { serviceFacts } from './service.js';

const NAME = /^(?:docker-compose|compose)[^/]*\.ya?ml$/i;

export function isComposePath(path: string): boolean {
  return NAME.test(posix.basename(path));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses the file; on failure reports a diagnostic and gives undefined. */
function load(file: SourceFile, ctx: ExtractContext): { parsed: ParsedYaml; root: unknown } | undefined {
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(file, ctx);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${errorMessage(error)}` });
    return undefined;
  }
  const [first] = parsed.errors;
  if (first) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${first.message}`, line: first.line });
    return undefined;
  }
  const doc = parsed.documents[0];
  if (!doc) return undefined;
  try {
    return { parsed, root: toPlain(doc) };
  } catch (error) {
    // Alias expansion beyond the limit ("billion laughs") lands here.
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `unsafe YAML: ${errorMessage(error)}` });
    return undefined;
  }
}

/** Compose v2+/spec files have `services:`; v1 files have services at the top level. */
function servicesOf(root: Record<string, unknown>): { services: Record<string, unknown>; legacy: boolean } | undefined {
  if (isRecord(root.services)) return { services: root.services, legacy: false };
  if ('services' in root || 'version' in root) return undefined;
  const legacy = Object.fromEntries(
    Object.entries(root).filter(([, v]) => isRecord(v) && (v.image !== undefined || v.build !== undefined)),
  );
  return Object.keys(legacy).length > 0 ? { services: legacy, legacy: true } : undefined;
}

export const extractor: Extractor = {
  id: 'iac/compose',
  title: 'Docker Compose',
  matches: isComposePath,
  signals: ['services', 'image', 'build'],
  extract(file, ctx) {
    const loaded = load(file, ctx);
    if (!loaded || !isRecord(loaded.root)) return null;
    const found = servicesOf(loaded.root);
    if (!found) return null;
    const doc = loaded.parsed.documents[0];
    const servicesNode = found.legacy ? doc.contents : resolveNode(pairOf(doc.contents, 'services')?.value, doc);
    if (!isMap(servicesNode)) return null;
    const facts: FactInput[] = [];
    for (const [name, value] of Object.entries(found.services)) {
      if (!isRecord(value)) continue;
      const pair = pairOf(servicesNode, name);
      facts.push(
        ...serviceFacts({
          file: file.path,
          name,
          value,
          node: resolveNode(pair?.value, doc),
          line: lineOfNode(loaded.parsed, pair?.key) ?? 1,
          doc,
          parsed: loaded.parsed,
        }),
      );
    }
    return facts;
  },
};
