// Judges a `.tc.json` file the way Threat Composer's import does (research §2): JSON parse, the
// sanitiser's rewriting, the legacy bare-array rule, the strict schema, then the exact schema
// version. Text the sanitiser rewrites is always reported; importable files also get our own
// warnings about ids, links, statements and reconciliation (checks.ts).
import { documentWarnings, sanitizerWarnings } from './checks.js';
import { issuesToErrors } from './issues.js';
import { sanitizeValue } from './sanitize.js';
import { dataExchangeSchema } from './schema.js';
import type { TcValidation } from './types.js';

export type { TcIssue, TcValidation, TcWarning, TcWarningCode } from './types.js';

const LEGACY_MESSAGE = 'legacy bare array: the app imports it as a threat list WITHOUT schema validation (schema -1)';

const rejected = (path: string, message: string): TcValidation => ({ importable: false, errors: [{ path, message }], warnings: [] });

/**
 * `text` is the file's content as read from disk; `fileName` is for the caller's messages only:
 * the app's verdict never depends on the name.
 */
export function validateThreatComposer(text: string, _fileName: string): TcValidation {
  let parsed: unknown;
  try {
    // Browsers drop a UTF-8 byte-order mark when they read the file; so do we.
    parsed = JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch (error) {
    return rejected('', `JSON parse error: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sanitised = sanitizeValue(parsed);
  // Rewritten text is reported whatever the verdict: it explains length errors on text that
  // looks short enough in the file.
  const rewritten = sanitizerWarnings(parsed, sanitised);
  if (Array.isArray(sanitised)) {
    return { importable: true, errors: [], warnings: [{ path: '', code: 'legacy-array', message: LEGACY_MESSAGE }, ...rewritten] };
  }
  const result = dataExchangeSchema.safeParse(sanitised);
  if (!result.success) return { importable: false, errors: issuesToErrors(result.error.issues), warnings: rewritten };
  if (result.data.schema !== 1) return { ...rejected('schema', 'Unsupported Schema version (must be exactly 1)'), warnings: rewritten };
  return { importable: true, errors: [], warnings: [...rewritten, ...documentWarnings(result.data)] };
}
