import { isMainThread } from 'node:worker_threads';
import { parseSync } from 'oxc-parser';
import type { EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';
import { declaresFlow, mayBeFlow, stripFlow } from './flow.js';
import { MAX_NESTING, nestsDeeperThan } from './nesting.js';
import { parseRaw, parseRawModule, rawTransferAvailable } from './oxc-raw.js';

export const JS_FILE = /\.(?:[cm]?[jt]sx?)$/;

/**
 * The last path asked about and the answers: every extractor's `matches` asks both questions of
 * the same path, one extractor after another, for every file of the repository.
 */
let lastPath: string | undefined;
let lastJs = false;
let lastTest = false;

function remember(path: string): void {
  if (path === lastPath) return;
  lastPath = path;
  lastJs = JS_FILE.test(path) && !path.endsWith('.d.ts');
  lastTest = TEST_FILE.test(path);
}

export function isJsFile(path: string): boolean {
  remember(path);
  return lastJs;
}

/**
 * Test, spec, mock and story files: their routes, guards and configs are not the product's. So are
 * the stand-in servers a test or security-scan harness runs (`infosec-scan/oauth2-test-server/`,
 * `stub-server/`): a fake identity provider's routes are no door into the product; and test
 * helper modules (`testhelp.js`, `test-helpers.ts`), which set up apps the way only tests do; and
 * a code generator's templates (`crud-resolver.template.ts`), written into other projects, never run here;
 * and tests switched off or split by a further suffix (`app.vm.test.disabled.ts`, `auth.spec.e2e.ts`).
 */
const TEST_FILE = /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|e2e|cypress|playwright|fixtures|mocks?|stories|([\w-]*[-_])?(test|fake|stub)[-_]servers?|(infosec|security|pen|vuln)[-_]?(scans?|tests?))\/|\.(test|spec|e2e|cy|stories|template)\.[cm]?[jt]sx?$|\.(test|spec)(\.[a-z]+)+\.[cm]?[jt]sx?$|(^|\/)[tT]est[-_]?[hH]elp(ers?)?\.[cm]?[jt]sx?$/;

export function isTestFile(path: string): boolean {
  remember(path);
  return lastTest;
}

export type JsProgram = ReturnType<typeof parseSync>['program'];

export interface ParsedJs {
  program: JsProgram;
  /** Byte offset → 1-based line. */
  lineAt(offset: number): number;
  /** Source text of a node span. */
  text(node: { start: number; end: number }): string;
}

/** A file's module record (imports, exports, `import()` sites) without its syntax tree. */
export interface ParsedModule {
  module: EcmaScriptModule;
  /** The parser reported a syntax error (the module record may be incomplete). */
  fatal: boolean;
  lineAt(offset: number): number;
}

/** What both of oxc's routes give (the default one builds `program` on first read). */
interface OxcResult {
  readonly program: JsProgram;
  readonly module: EcmaScriptModule;
  readonly errors: OxcError[];
}

interface OxcParse {
  /** `program` is there when the tree was asked for. */
  result: Omit<OxcResult, 'program'> & Partial<Pick<OxcResult, 'program'>>;
  lineAt(offset: number): number;
  /** The text parsed: the file, or the file with its Flow types blanked out (same offsets). */
  content: string;
}

const OPTIONS: ParserOptions = { sourceType: 'unambiguous', range: false };

/**
 * Raw transfer pays once per process to start (its 6 GiB arena, compiling oxc's deserialiser: about
 * 20 ms) what it saves on a few files, so a re-model of one edited file takes the default route;
 * both give the same AST. Counted per thread.
 */
const DEFAULT_ROUTE_FILES = 16;
let parsedInThread = 0;

/**
 * The default route serialises the tree recursively in Rust and crashes the process (SIGSEGV) on an
 * operator chain of about 70,000 terms in the main thread (8 MiB stack), 40,000 in a worker (4 MiB);
 * raw transfer parses such chains, but its JS deserialiser gives up on them past a few thousand. A
 * file the deserialiser gave up on goes the default route only when it is too short to hold a chain
 * that long (`1+1+…`: two characters a term).
 */
const JSON_ROUTE_MAX_CHARS = isMainThread ? 112_000 : 48_000;

/** Which parse: the whole syntax tree, or only the module record and errors. */
type Want = 'tree' | 'module';

/**
 * oxc's parse of a file, memoised per file and wanted part: by raw transfer where it works
 * (oxc-raw.ts), else the default route, whose syntax tree comes back as JSON that is only turned
 * into objects when `program` is first read.
 */
function oxcParse(file: SourceFile, ctx: ExtractContext, want: Want): OxcParse {
  return ctx.parse(want === 'tree' ? 'oxc-result' : 'oxc-module', () => {
    refuseDeepNesting(file.content);
    // Flow: a file with the pragma is read without its types at once; one without it (types stripped
    // by the project's Babel preset) only after a parse error, so plain JavaScript never pays for it.
    const flow = declaresFlow(file.path, file.content) ? stripFlow(file.content) : undefined;
    let content = flow ?? file.content;
    let result = oxcRun(file.path, content, want);
    if (flow === undefined && hasFatalError(result) && mayBeFlow(file.path, file.content)) {
      const stripped = stripFlow(file.content);
      const retried = stripped === undefined || stripped === file.content ? undefined : oxcRun(file.path, stripped, want);
      if (stripped !== undefined && retried && !hasFatalError(retried)) {
        content = stripped;
        result = retried;
      }
    }
    return { result, lineAt: lineLocator(file.content), content };
  });
}

/** One oxc parse of `content` (raw transfer where it works, else the default route). */
function oxcRun(path: string, content: string, want: Want): OxcParse['result'] {
  const warmingUp = ++parsedInThread <= DEFAULT_ROUTE_FILES && content.length <= JSON_ROUTE_MAX_CHARS;
  const raw = warmingUp ? undefined : want === 'tree' ? parseRaw(path, content, OPTIONS) : parseRawModule(path, content, OPTIONS);
  if (!raw && !warmingUp && content.length > JSON_ROUTE_MAX_CHARS && rawTransferAvailable()) {
    throw new Error('expressions nested too deep to read safely (generated code?), not parsed');
  }
  return raw ?? parseSync(path, content, OPTIONS);
}

/** A file the parser would crash on (see nesting.ts) is an error of that file, not of the run. */
export function refuseDeepNesting(content: string): void {
  if (nestsDeeperThan(content)) throw new Error(`brackets nested more than ${MAX_NESTING} levels deep, not parsed (the parser would overflow its stack)`);
}

function hasFatalError(result: OxcParse['result']): boolean {
  return result.errors.some((e) => e.severity === 'Error');
}

/**
 * Parses a JS/TS file once per run (shared by every JS extractor through ctx.parse). oxc reports
 * UTF-16 offsets as `start`/`end`, which index `file.content` directly.
 */
export function parseJs(file: SourceFile, ctx: ExtractContext): ParsedJs {
  return ctx.parse('oxc', () => {
    const { result, lineAt, content } = oxcParse(file, ctx, 'tree');
    const program = result.program!;
    if (hasFatalError(result) && program.body.length === 0) {
      throw new Error(`parse error: ${result.errors.find((e) => e.severity === 'Error')!.message}`);
    }
    return { program, lineAt, text: (n) => content.slice(n.start, n.end) };
  });
}

/**
 * The module record of a JS/TS file without its syntax tree (by raw transfer, the tree is never
 * deserialised). A separate parse from `parseJs`'s: callers ask for one or the other of a file.
 */
export function parseJsModule(file: SourceFile, ctx: ExtractContext): ParsedModule {
  const { result, lineAt } = oxcParse(file, ctx, 'module');
  return { module: result.module, fatal: hasFatalError(result), lineAt };
}

/** Offsets where lines start. `indexOf` scans for newlines natively, far faster than a charCodeAt loop. */
function lineStartsOf(content: string): number[] {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Offset → 1-based line of `content`, by binary search over its line starts. */
export function lineLocator(content: string): (offset: number) => number {
  const lineStarts = lineStartsOf(content);
  return (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
