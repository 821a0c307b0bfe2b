// class-validator DTOs: `@Matches(/^[a-z0-9_-]+$/) slug: string`, `@IsUUID() id: string`. Nest's
// ValidationPipe (global `app.useGlobalPipes(new ValidationPipe())` or an `APP_PIPE` provider)
// rejects a request whose body or query fails them, so a handler's `dto.slug` holds only what the
// validators admit. Each file declaring such classes leaves the kinds each member is clean for;
// link clears a DTO member's taint for those kinds (taint-link.ts).
import type { Class, Expression } from 'oxc-parser';
import { stringValue, unwrap } from './taint-ast.js';
import type { ParsedJs } from './parse.js';
import { regexBits, validatorBits } from './taint-guards.js';
import { ALL_KINDS } from './taint-types.js';

/** Class name → member → kinds the member's validators rule out. */
export type DtoClean = Record<string, Record<string, number>>;

/** Validators whose value cannot carry any injection payload (numbers, ids, enum members). */
const CLOSED = /^Is(?:Enum|In|Number|NumberString|Int|Positive|Negative|BooleanString)$/;

/** The kinds one decorator of a DTO member rules out (0: none). */
function decoratorBits(expr: Expression): number {
  const e = unwrap(expr);
  if (e.type !== 'CallExpression') return 0;
  const callee = unwrap(e.callee);
  if (callee.type !== 'Identifier') return 0;
  const name = callee.name;
  if (name === 'Matches') {
    // `@Matches(/re/flags)` or `@Matches('re', 'flags')`: multi-line mode lets `^`/`$` match mid-value.
    const a0 = e.arguments[0] ? unwrap(e.arguments[0] as Expression) : undefined;
    if (!a0) return 0;
    if (a0.type === 'Literal' && 'regex' in a0 && a0.regex) return a0.regex.flags.includes('m') ? 0 : regexBits(a0.regex.pattern);
    const pattern = stringValue(a0);
    const a1 = e.arguments[1] ? unwrap(e.arguments[1] as Expression) : undefined;
    const flags = a1 ? stringValue(a1) : undefined;
    return pattern === undefined || flags?.includes('m') ? 0 : regexBits(pattern);
  }
  if (CLOSED.test(name)) return ALL_KINDS;
  // The validator.js predicates class-validator wraps (`IsUUID` is `isUUID`), judged alike.
  if (/^Is[A-Z]/.test(name)) {
    const bits = validatorBits(`is${name.slice(2)}`);
    // Any other `isX` only says "a string" to validatorBits: no DTO member is made safe by that.
    return bits === ALL_KINDS || name === 'IsEmail' ? bits : 0;
  }
  return 0;
}

function classMembers(cls: Class): Record<string, number> | undefined {
  let out: Record<string, number> | undefined;
  for (const el of cls.body.body) {
    if (el.type !== 'PropertyDefinition' || el.computed || el.key.type !== 'Identifier' || !el.decorators?.length) continue;
    // Every validator must pass, so the member is clean for what any one of them rules out.
    let bits = 0;
    for (const d of el.decorators) bits |= decoratorBits(d.expression);
    if (bits) (out ??= {})[el.key.name] = bits;
  }
  return out;
}

/** The DTO classes of a file importing class-validator, with what their members are clean for. */
export function dtoClean(content: string, parsed: ParsedJs): DtoClean | undefined {
  if (!content.includes('class-validator')) return undefined;
  let out: DtoClean | undefined;
  for (const stmt of parsed.program.body) {
    const decl = (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type !== 'ClassDeclaration' || !decl.id) continue;
    const members = classMembers(decl);
    if (members) (out ??= {})[decl.id.name] = members;
  }
  return out;
}

/** A file that validates every request's DTOs: `useGlobalPipes(new ValidationPipe(...))` or `{ provide: APP_PIPE, useClass: ValidationPipe }`. */
export function globalValidation(content: string): boolean {
  if (!content.includes('ValidationPipe')) return false;
  return /useGlobalPipes\s*\([^;]*\bValidationPipe\b/.test(content) || /\bAPP_PIPE\b[\s\S]{0,200}?\bValidationPipe\b/.test(content);
}
