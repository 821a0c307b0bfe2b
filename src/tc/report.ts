// Human-readable validation output: one line per file, then its errors and warnings.
import type { TcIssue, TcValidation, TcWarning } from './types.js';

export interface FileResult extends TcValidation {
  file: string;
}

const located = (issue: TcIssue | TcWarning): string => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`);

export function formatFileResult(result: FileResult): string {
  const lines = [`${result.importable ? '✓' : '✗'} ${result.file}`];
  for (const error of result.errors) lines.push(`  error  ${located(error)}`);
  for (const warning of result.warnings) {
    lines.push(`  warn   ${located(warning)} [${warning.code}]`);
    if (warning.detail) lines.push(`         ${warning.detail}`);
  }
  return lines.join('\n');
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function formatSummary(results: readonly FileResult[]): string {
  const invalid = results.filter((r) => !r.importable).length;
  const warnings = results.reduce((sum, r) => sum + r.warnings.length, 0);
  return `${plural(results.length, 'file')}: ${results.length - invalid} importable, ${invalid} not importable, ${plural(warnings, 'warning')}`;
}
