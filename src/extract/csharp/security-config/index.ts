import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';
import { Lines } from '../../_polyglot/lines.js';
import { isCsFile } from '../_lib/model.js';

/** Formatters Microsoft documents as unsafe for any untrusted input, with no safe configuration. */
const UNSAFE_FORMATTERS = /\bnew\s+(BinaryFormatter|SoapFormatter|NetDataContractSerializer|LosFormatter|ObjectStateFormatter)\s*\(/g;
const TYPE_NAME_HANDLING = /\bTypeNameHandling\s*=\s*TypeNameHandling\.(All|Auto|Objects|Arrays)\b/g;

export const extractor: Extractor = {
  id: 'csharp/security-config',
  title: '.NET serializer configuration: BinaryFormatter-family use, Json.NET TypeNameHandling',
  matches: isCsFile,
  signals: ['Formatter', 'NetDataContractSerializer', 'TypeNameHandling'],
  extract(file) {
    const text = blankComments(file.content);
    const lines = new Lines(file.content);
    const facts: FactInput[] = [];
    for (const m of text.matchAll(UNSAFE_FORMATTERS)) {
      const line = lineAt(text, m.index ?? 0);
      facts.push({ kind: 'config', setting: 'dotnet-serializer', values: { serializer: m[1], unsafe: true }, summary: `${m[1]} in use`, evidence: lines.evidence(file.path, line), key: `${file.path}#dotnet-serializer:${m[1]}` });
    }
    for (const m of text.matchAll(TYPE_NAME_HANDLING)) {
      const line = lineAt(text, m.index ?? 0);
      facts.push({ kind: 'config', setting: 'json-type-handling', values: { library: 'Newtonsoft.Json', typeNameHandling: m[1] }, summary: `TypeNameHandling.${m[1]}`, evidence: lines.evidence(file.path, line), key: `${file.path}#json-type-handling:${m[1]}` });
    }
    return facts.length > 0 ? facts : null;
  },
};
