// Our own warnings on top of the app's verdict: problems the importer lets through but that make a
// model wrong or confusing once imported (research §2 "what is not checked"), plus reconciliation
// of threats against mitigations.
import { formatPath, type PathSegment } from './paths.js';
import type { TcDocument } from './schema.js';
import { renderStatement } from './statement.js';
import type { TcWarning } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Entity {
  id: string;
  numericId: number;
}

type ListName = 'threats' | 'mitigations' | 'assumptions';

/** A short, quoted view of a long string around its first difference from `other`. */
function excerpt(value: string, other: string): string {
  if (value.length <= 200 && other.length <= 200) return JSON.stringify(value);
  let first = 0;
  while (first < value.length && value[first] === other[first]) first++;
  const start = Math.max(0, first - 40);
  const end = Math.min(value.length, first + 80);
  return JSON.stringify(`${start > 0 ? '…' : ''}${value.slice(start, end)}${end < value.length ? '…' : ''}`);
}

/** Strings the sanitiser rewrites, in document order (the stored text will differ from the file). */
export function sanitizerWarnings(original: unknown, sanitised: unknown, path: PathSegment[] = [], out: TcWarning[] = []): TcWarning[] {
  if (typeof original === 'string' && typeof sanitised === 'string') {
    if (original !== sanitised) {
      const message = `import sanitization changes ${excerpt(original, sanitised)} -> ${excerpt(sanitised, original)}`;
      out.push({ path: formatPath(path), code: 'sanitizer-alters', message });
    }
  } else if (Array.isArray(original) && Array.isArray(sanitised)) {
    original.forEach((item, index) => sanitizerWarnings(item, sanitised[index], [...path, index], out));
  } else if (original !== null && typeof original === 'object' && sanitised !== null && typeof sanitised === 'object') {
    const target = sanitised as Record<string, unknown>;
    for (const [key, value] of Object.entries(original)) sanitizerWarnings(value, target[key], [...path, key], out);
  }
  return out;
}

function identityWarnings(list: ListName, entities: readonly Entity[], out: TcWarning[]): void {
  const ids = new Map<string, number>();
  const numericIds = new Map<number, number>();
  entities.forEach((entity, index) => {
    const at = (field: string) => formatPath([list, index, field]);
    if (!UUID.test(entity.id)) {
      const message = `not a UUID (${entity.id}); app accepts <=36 chars, but links need exactly 36 and the AI/pydantic validator needs a UUID`;
      out.push({ path: at('id'), code: 'non-uuid-id', message });
    }
    if (!Number.isInteger(entity.numericId) || entity.numericId < 1) {
      const message = `${entity.numericId} is not a positive integer (app uses -1 for unsaved entities)`;
      out.push({ path: at('numericId'), code: 'numeric-id', message });
    }
    const firstId = ids.get(entity.id);
    if (firstId === undefined) ids.set(entity.id, index);
    else out.push({ path: at('id'), code: 'duplicate-id', message: `duplicate id ${entity.id} (first used by ${formatPath([list, firstId])})` });
    const firstNumeric = numericIds.get(entity.numericId);
    if (firstNumeric === undefined) numericIds.set(entity.numericId, index);
    else {
      const message = `duplicate numericId ${entity.numericId} (first used by ${formatPath([list, firstNumeric])})`;
      out.push({ path: at('numericId'), code: 'duplicate-numeric-id', message });
    }
  });
}

function linkWarnings(doc: TcDocument, out: TcWarning[]): void {
  const known = {
    threats: new Set((doc.threats ?? []).map((t) => t.id)),
    mitigations: new Set((doc.mitigations ?? []).map((m) => m.id)),
    assumptions: new Set((doc.assumptions ?? []).map((a) => a.id)),
  };
  const dangling = (path: PathSegment[], id: string, list: ListName): void => {
    if (!known[list].has(id)) out.push({ path: formatPath(path), code: 'dangling-link', message: `${id} not found in ${list}` });
  };
  const seen = new Map<string, string>();
  const duplicate = (path: PathSegment[], key: string): void => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, formatPath(path));
    else out.push({ path: formatPath(path), code: 'duplicate-link', message: `same link as ${first}` });
  };
  (doc.mitigationLinks ?? []).forEach((link, index) => {
    dangling(['mitigationLinks', index, 'mitigationId'], link.mitigationId, 'mitigations');
    dangling(['mitigationLinks', index, 'linkedId'], link.linkedId, 'threats');
    duplicate(['mitigationLinks', index], `M ${link.mitigationId} ${link.linkedId}`);
  });
  (doc.assumptionLinks ?? []).forEach((link, index) => {
    dangling(['assumptionLinks', index, 'assumptionId'], link.assumptionId, 'assumptions');
    dangling(['assumptionLinks', index, 'linkedId'], link.linkedId, link.type === 'Threat' ? 'threats' : 'mitigations');
    duplicate(['assumptionLinks', index], `A ${link.type} ${link.assumptionId} ${link.linkedId}`);
  });
}

function statementWarnings(doc: TcDocument, out: TcWarning[]): void {
  (doc.threats ?? []).forEach((threat, index) => {
    const rendered = renderStatement(threat);
    const stored = threat.statement ?? '';
    if (stored === rendered) return;
    const path = formatPath(['threats', index, 'statement']);
    const detail = `app renders: ${JSON.stringify(rendered)}`;
    const message = threat.statement === undefined ? 'missing (search, copy and exports use the stored statement)' : 'differs from app rendering';
    out.push({ path, code: 'statement-mismatch', message, detail });
  });
}

function reconciliationWarnings(doc: TcDocument, out: TcWarning[]): void {
  const mitigationIds = new Set((doc.mitigations ?? []).map((m) => m.id));
  const threatIds = new Set((doc.threats ?? []).map((t) => t.id));
  const mitigated = new Set<string>();
  const linkedMitigations = new Set<string>();
  for (const link of doc.mitigationLinks ?? []) {
    if (mitigationIds.has(link.mitigationId) && threatIds.has(link.linkedId)) {
      mitigated.add(link.linkedId);
      linkedMitigations.add(link.mitigationId);
    }
  }
  for (const link of doc.assumptionLinks ?? []) if (link.type === 'Mitigation') linkedMitigations.add(link.linkedId);
  (doc.threats ?? []).forEach((threat, index) => {
    if (threat.status === 'threatResolved' || threat.status === 'threatResolvedNotUseful' || mitigated.has(threat.id)) return;
    const message = `threat ${threat.numericId} is neither mitigated (no mitigation link), resolved, nor accepted (threatResolvedNotUseful)`;
    out.push({ path: formatPath(['threats', index]), code: 'unmitigated-threat', message });
  });
  (doc.mitigations ?? []).forEach((mitigation, index) => {
    if (linkedMitigations.has(mitigation.id)) return;
    out.push({ path: formatPath(['mitigations', index]), code: 'unlinked-mitigation', message: `mitigation ${mitigation.numericId} is linked to nothing` });
  });
}

/** Every warning for an importable document, in a fixed order: identity (in the app's export order of lists), links, statements, reconciliation. */
export function documentWarnings(doc: TcDocument): TcWarning[] {
  const out: TcWarning[] = [];
  identityWarnings('assumptions', doc.assumptions ?? [], out);
  identityWarnings('mitigations', doc.mitigations ?? [], out);
  identityWarnings('threats', doc.threats ?? [], out);
  linkWarnings(doc, out);
  statementWarnings(doc, out);
  reconciliationWarnings(doc, out);
  return out;
}
