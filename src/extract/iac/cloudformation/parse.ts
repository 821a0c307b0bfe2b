// CloudFormation/SAM YAML: the short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`...) are mapped
// to their long forms (`{ Ref: x }`, `{ "Fn::Sub": ... }`) as plain data — no other custom tags,
// same depth guard and alias limit as every other YAML file.
import { LineCounter, parseAllDocuments, YAMLMap } from 'yaml';
import { estimateYamlDepth, MAX_YAML_DEPTH } from '../../../util/yaml-depth.js';
import type { ExtractContext, SourceFile } from '../../types.js';
import type { ParsedYaml } from '../_lib/yaml.js';

const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'Base64', 'Cidr', 'Equals', 'Not', 'And', 'Or', 'ImportValue', 'GetAZs', 'Transform', 'ToJsonString', 'Length'];

const keyOf = (name: string): string => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** A scalar tag resolves to plain data (a Scalar keeps whatever value it is given). */
function scalarForm(name: string, text: string): Record<string, unknown> {
  return { [keyOf(name)]: name === 'GetAtt' ? text.split('.') : text };
}

/** A collection tag resolves to a map node around the collection, so nested nodes still convert. */
function longForm(name: string, value: unknown): YAMLMap {
  const map = new YAMLMap();
  map.set(keyOf(name), value);
  return map;
}

const customTags = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (text: string) => scalarForm(name, text) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => longForm(name, seq) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => longForm(name, map) },
]);

export function parseTemplate(file: SourceFile, ctx: ExtractContext): ParsedYaml {
  return ctx.parse('yaml-cfn', () => {
    const depth = estimateYamlDepth(file.content);
    if (depth > MAX_YAML_DEPTH) throw new Error(`YAML nested ${depth} levels deep (limit ${MAX_YAML_DEPTH}); not parsed`);
    const lineCounter = new LineCounter();
    const documents = Array.from(parseAllDocuments(file.content, { schema: 'core', customTags, uniqueKeys: true, prettyErrors: false, lineCounter }));
    const lineAt = (offset: number): number => Math.max(1, lineCounter.linePos(offset).line);
    const errors = documents.flatMap((doc) => doc.errors.map((e) => ({ message: e.message.split('\n')[0], line: e.pos ? lineAt(e.pos[0]) : undefined })));
    return { documents, errors, lineAt };
  });
}
