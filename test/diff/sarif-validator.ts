// Validates SARIF against the official SARIF 2.1.0 schema (test/fixtures/sarif, see its README).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

const SCHEMA_PATH = new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  // The file is draft-04 (`id`); Ajv 8 reads `$id`. No other keyword differs (see the README).
  const { id, $schema: _draft04, ...schema } = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    // JSON Schema patterns are ECMA-262 regular expressions without the `u` flag; the schema's
    // `language` pattern has a stray `]` that only unicode mode rejects.
    unicodeRegExp: false,
    formats: {
      uri: (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value),
      'uri-reference': (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'),
      'date-time': RFC3339,
    },
  });
  return ajv.compile({ ...schema, $id: String(id) });
}

/** Schema errors of a SARIF log (empty when valid). */
export function sarifErrors(log: unknown): ErrorObject[] {
  validator ??= compile();
  return validator(log) ? [] : [...(validator.errors ?? [])];
}
