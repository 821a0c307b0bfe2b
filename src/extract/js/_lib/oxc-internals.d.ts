// Types for the parts of oxc-parser 0.159 that its package exports but does not type: the native
// binding's raw-transfer entry points, the arena layout constants and the generated deserialisers
// (used by oxc-raw.ts).
declare module 'oxc-parser/src-js/bindings.js' {
  import type { ParserOptions } from 'oxc-parser';
  export function rawTransferSupported(): boolean;
  export function getBufferOffset(buffer: Uint8Array): number;
  export function parseRawSync(filename: string, block: Uint8Array, sourceStart: number, sourceByteLength: number, options?: ParserOptions): void;
}

declare module 'oxc-parser/src-js/generated/constants.js' {
  export const BLOCK_SIZE: number;
  export const BLOCK_ALIGN: number;
  export const BUFFER_SIZE: number;
  export const ACTIVE_SIZE: number;
  export const IS_TS_FLAG_POS: number;
  export const DATA_POINTER_POS_32: number;
}

declare module 'oxc-parser/src-js/generated/deserialize/js.js' {
  import type { EcmaScriptModule, OxcError, Program } from 'oxc-parser';
  export function deserialize(buffer: Uint8Array, source: string, sourceStart: number, sourceByteLength: number): { program: Program; module: EcmaScriptModule; errors: OxcError[] };
}

declare module 'oxc-parser/src-js/generated/deserialize/ts.js' {
  import type { EcmaScriptModule, OxcError, Program } from 'oxc-parser';
  export function deserialize(buffer: Uint8Array, source: string, sourceStart: number, sourceByteLength: number): { program: Program; module: EcmaScriptModule; errors: OxcError[] };
}
