// The module record and errors of a raw-transfer parse, read straight from oxc's arena without the
// syntax tree. oxc's generated deserialiser builds everything, tree included, and its lazy one
// gives enums in another shape (and cannot tell a default export's local name from a named one),
// so this reads the few structs needed itself, in the shapes the default route gives. The offsets
// and sizes are those of oxc-parser 0.159.0's arena layout (generated/deserialize/ts.js,
// `deserializeEcmaScriptModule` and below), pinned with it; oxc-raw.test.ts checks that this gives
// exactly what the whole deserialiser gives on every fixture file.
import type { EcmaScriptModule, OxcError } from 'oxc-parser';

export interface ArenaView {
  uint8: Uint8Array;
  int32: Int32Array;
}

/** Where `RawTransferData`'s fields sit from its start. */
const MODULE_OFFSET = 168;
const ERRORS_OFFSET = 272;

const { utf8Slice } = Buffer.prototype as unknown as { utf8Slice(this: Uint8Array, start: number, end: number): string };

type Reader<T> = (a: ArenaView, pos: number) => T;

function i32(a: ArenaView, pos: number): number {
  return a.int32[pos >> 2];
}

function str(a: ArenaView, pos: number): string {
  const len = a.int32[(pos >> 2) + 2];
  if (len === 0) return '';
  const at = a.int32[pos >> 2];
  return utf8Slice.call(a.uint8, at, at + len);
}

function optionStr(a: ArenaView, pos: number): string | null {
  return a.int32[pos >> 2] === 0 && a.int32[(pos >> 2) + 1] === 0 ? null : str(a, pos);
}

function vec<T>(a: ArenaView, pos: number, size: number, read: Reader<T>): T[] {
  const out: T[] = [];
  let at = a.int32[pos >> 2];
  const end = at + a.int32[(pos >> 2) + 2] * size;
  for (; at !== end; at += size) out.push(read(a, at));
  return out;
}

function span(a: ArenaView, pos: number): { start: number; end: number } {
  return { start: i32(a, pos), end: i32(a, pos + 4) };
}

function nameSpan(a: ArenaView, pos: number): { value: string; start: number; end: number } {
  return { value: str(a, pos + 8), start: i32(a, pos), end: i32(a, pos + 4) };
}

type Named = { kind: string; name: string | null; start: number | null; end: number | null };

function named(kind: string, a: ArenaView, pos: number): Named {
  const n = nameSpan(a, pos);
  return { kind, name: n.value, start: n.start, end: n.end };
}

function unnamed(kind: string, at?: { start: number; end: number }): Named {
  return { kind, name: null, start: at ? at.start : null, end: at ? at.end : null };
}

function discriminant(a: ArenaView, pos: number, what: string, max: number): number {
  const d = a.uint8[pos];
  if (d > max) throw new Error(`Unexpected discriminant ${d} for ${what}`);
  return d;
}

function importImportName(a: ArenaView, pos: number): Named {
  const d = discriminant(a, pos, 'ImportImportName', 2);
  return d === 0 ? named('Name', a, pos + 8) : d === 1 ? unnamed('NamespaceObject') : unnamed('Default', span(a, pos + 8));
}

function exportImportName(a: ArenaView, pos: number): Named {
  const d = discriminant(a, pos, 'ExportImportName', 3);
  return d === 0 ? named('Name', a, pos + 8) : unnamed(['', 'All', 'AllButDefault', 'None'][d]);
}

function exportExportName(a: ArenaView, pos: number): Named {
  const d = discriminant(a, pos, 'ExportExportName', 2);
  return d === 0 ? named('Name', a, pos + 8) : d === 1 ? unnamed('Default', span(a, pos + 8)) : unnamed('None');
}

function exportLocalName(a: ArenaView, pos: number): Named {
  const d = discriminant(a, pos, 'ExportLocalName', 2);
  return d === 2 ? unnamed('None') : named(d === 0 ? 'Name' : 'Default', a, pos + 8);
}

function importEntry(a: ArenaView, pos: number) {
  return { importName: importImportName(a, pos + 32), localName: nameSpan(a, pos + 64), isType: a.uint8[pos + 88] === 1 };
}

function exportEntry(a: ArenaView, pos: number) {
  const request = a.int32[(pos + 16 >> 2) + 2] === 0 && a.int32[(pos + 16 >> 2) + 3] === 0 ? null : nameSpan(a, pos + 16);
  return {
    moduleRequest: request,
    importName: exportImportName(a, pos + 40),
    exportName: exportExportName(a, pos + 72),
    localName: exportLocalName(a, pos + 104),
    isType: a.uint8[pos + 136] === 1,
    start: i32(a, pos),
    end: i32(a, pos + 4),
  };
}

function moduleRecord(a: ArenaView, pos: number): EcmaScriptModule {
  return {
    hasModuleSyntax: a.uint8[pos + 96] === 1,
    staticImports: vec(a, pos, 56, (b, at) => ({ moduleRequest: nameSpan(b, at + 8), entries: vec(b, at + 32, 96, importEntry), start: i32(b, at), end: i32(b, at + 4) })),
    staticExports: vec(a, pos + 24, 32, (b, at) => ({ entries: vec(b, at + 8, 144, exportEntry), start: i32(b, at), end: i32(b, at + 4) })),
    dynamicImports: vec(a, pos + 48, 16, (b, at) => ({ moduleRequest: span(b, at + 8), start: i32(b, at), end: i32(b, at + 4) })),
    importMetas: vec(a, pos + 72, 8, span),
  } as EcmaScriptModule;
}

function error(a: ArenaView, pos: number): OxcError {
  const severity = ['Error', 'Warning', 'Advice'][discriminant(a, pos + 72, 'ErrorSeverity', 2)];
  return {
    severity,
    message: str(a, pos),
    labels: vec(a, pos + 16, 24, (b, at) => ({ message: optionStr(b, at + 8), start: i32(b, at), end: i32(b, at + 4) })),
    helpMessage: optionStr(a, pos + 40),
    codeframe: str(a, pos + 56),
  } as OxcError;
}

/** The module record and errors of the parse whose `RawTransferData` starts at `dataPos`. */
export function readModuleAndErrors(a: ArenaView, dataPos: number): { module: EcmaScriptModule; errors: OxcError[] } {
  return { module: moduleRecord(a, dataPos + MODULE_OFFSET), errors: vec(a, dataPos + ERRORS_OFFSET, 80, error) };
}
