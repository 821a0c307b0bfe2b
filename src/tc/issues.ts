// Turns zod issues into the error lines the app's import dialog shows, one per issue. A failed
// union (no branch matched and more than one came close) is reported as a header line followed
// by the issues of the closest branch: the one with the fewest issues, first in schema order.
import type { z } from 'zod';
import { formatPath, type PathSegment } from './paths.js';
import type { TcIssue } from './types.js';

export const UNION_HEADER = 'Invalid input (no union branch matched; closest branch says:)';

type Issue = z.core.$ZodIssue;

function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  let best: readonly Issue[] = [];
  for (const branch of branches) if (best.length === 0 || branch.length < best.length) best = branch;
  return best;
}

function collect(issues: readonly Issue[], base: readonly PathSegment[], out: TcIssue[]): void {
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      out.push({ path: formatPath(path), message: UNION_HEADER });
      collect(closestBranch(issue.errors), path, out);
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
}

export function issuesToErrors(issues: readonly Issue[]): TcIssue[] {
  const out: TcIssue[] = [];
  collect(issues, [], out);
  return out;
}
