// Identifier sets from the reference data beside the repository (../shared/data), for metadata tests.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

function ids(file: string, pattern: RegExp): Set<string> {
  const path = `${SHARED}data/${file}`;
  if (!existsSync(path)) throw new Error(`reference data missing: ${path}`);
  return new Set(readFileSync(path, 'utf8').match(pattern) ?? []);
}

let cache: { cwe: Set<string>; capec: Set<string>; attack: Set<string> } | undefined;

export function referenceIds(): { cwe: Set<string>; capec: Set<string>; attack: Set<string> } {
  cache ??= {
    cwe: ids('mitre-cwe/cwe-4.15-compact.json', /CWE-\d+/g),
    capec: ids('mitre-capec/capec-3.9-compact.json', /CAPEC-\d+/g),
    attack: ids('mitre-attack/attack-enterprise-18.1-compact.json', /"T\d{4}(?:\.\d{3})?"/g),
  };
  return cache;
}

export function attackId(id: string): string {
  return `"${id}"`;
}
