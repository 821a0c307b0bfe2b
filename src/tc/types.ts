// Results of judging a `.tc.json` file.

/** Why the app would refuse the file; `path` is a JSON path (`threats[0].status`), `(root)` for
 * the document, or '' when the problem is the file as a whole (it is not JSON). */
export interface TcIssue {
  path: string;
  message: string;
}

export type TcWarningCode =
  | 'legacy-array'
  | 'sanitizer-alters'
  | 'non-uuid-id'
  | 'numeric-id'
  | 'duplicate-id'
  | 'duplicate-numeric-id'
  | 'dangling-link'
  | 'duplicate-link'
  | 'statement-mismatch'
  | 'unmitigated-threat'
  | 'unlinked-mitigation';

/** Reconciliation warnings: the model is importable but its threats and mitigations do not add up. */
export const RECONCILIATION_CODES: ReadonlySet<TcWarningCode> = new Set(['unmitigated-threat', 'unlinked-mitigation']);

/** Importable, but probably not what the author meant. `detail` carries extra context (e.g. the
 * statement the app renders) for human output. */
export interface TcWarning {
  path: string;
  code: TcWarningCode;
  message: string;
  detail?: string;
}

export interface TcValidation {
  importable: boolean;
  errors: TcIssue[];
  warnings: TcWarning[];
}
