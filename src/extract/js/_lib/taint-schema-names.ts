// Names of validation schemas (zod, joi, yup) across a module boundary: the top-level constants a
// file binds to schemas, and which of its exports are scalar schemas (`export const idSchema =
// z.string().refine(...)`). A route file that checks a request member with an imported schema
// (`validateRequest({ body: z.object({ id: idSchema }) })`) leaves the import on the member's
// origin; link asks the exporting file's list whether the member is a scalar (taint-link.ts).
import type { Expression, Program } from 'oxc-parser';
import { exportName } from './taint-ast.js';
import { isScalar, type SchemaNames } from './taint-route-schemas.js';

/** Initialisers of the file's top-level `const` declarations (exported or not), by name. */
export function topLevelConsts(program: Program): Map<string, Expression> {
  const out = new Map<string, Expression>();
  for (const stmt of program.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) out.set(d.id.name, d.init);
  }
  return out;
}

/** Cheap test before any walk: the file builds schemas with a validation library. */
const SCHEMA_LIBRARY = /\b(?:zod|joi|yup)\b/i;

/** Export names of the file's scalar schemas, or undefined when it exports none. */
export function exportedScalarSchemas(content: string, program: Program): string[] | undefined {
  if (!SCHEMA_LIBRARY.test(content)) return undefined;
  const consts = topLevelConsts(program);
  const names: SchemaNames = { local: (n) => consts.get(n), imported: () => undefined };
  const out: string[] = [];
  for (const stmt of program.body) {
    if (stmt.type !== 'ExportNamedDeclaration' || stmt.source || stmt.exportKind === 'type') continue;
    const d = stmt.declaration;
    if (d?.type === 'VariableDeclaration') {
      for (const v of d.declarations) if (v.id.type === 'Identifier' && v.init && isScalar(v.init, names)) out.push(v.id.name);
      continue;
    }
    // `const idSchema = z.string(); export { idSchema as objectIdSchema }`
    for (const s of stmt.specifiers) {
      const init = consts.get(exportName(s.local));
      if (init && isScalar(init, names)) out.push(exportName(s.exported));
    }
  }
  return out.length ? out : undefined;
}
