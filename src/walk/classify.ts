import { baseName, isLockfile } from './limits.js';
import type { WalkDiagnosticCode } from './types.js';

/** Why an entry is left out, decided from its path alone (no I/O). */
export interface SkipDecision {
  code: WalkDiagnosticCode;
  level: 'info' | 'warning';
  message: string;
  /** Skipped without a diagnostic (the repository's own `.git`). */
  silent?: boolean;
}

const VCS_DIRS = new Set(['.git', '.hg', '.svn', '.bzr', '_darcs', 'CVS', '.jj', '.pijul', '.fossil']);

/** Third-party code checked into or installed inside the repository. */
const VENDORED_DIRS = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'web_modules',
  'vendor',
  'third_party',
  'third-party',
  'thirdparty',
  '.venv',
  'venv',
  'site-packages',
  'dist-packages',
  '__pypackages__',
  '.tox',
  '.nox',
  '.eggs',
  'Pods',
  '.pnpm-store',
  '.terraform',
]);

/** Two-level vendored paths: `<parent>/<name>`. */
const VENDORED_PAIRS = new Set(['.yarn/cache', '.yarn/unplugged', 'Carthage/Checkouts', 'Carthage/Build', '.cargo/registry']);

/** Directories only ever written by tools: skipped wherever they are. */
const TOOL_OUTPUT_DIRS = new Set([
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.parcel-cache',
  '.angular',
  '.docusaurus',
  '.vercel',
  '.serverless',
  '.aws-sam',
  'coverage',
  '.nyc_output',
  '__generated__',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.gradle',
  // threatcode's own default output folder: a second run must not model the first run's output.
  'threatcode-out',
]);

/**
 * Conventional build-output names are also common names for hand-written code (Go's `build/`,
 * `out/` of some generators), so they are skipped only when a manifest of a toolchain that writes
 * there sits beside them.
 */
const BUILD_OUTPUT_MANIFESTS: Record<string, readonly string[]> = {
  dist: ['package.json', 'tsconfig.json', 'pyproject.toml', 'setup.py', 'setup.cfg', 'vite.config.ts', 'vite.config.js'],
  build: ['package.json', 'tsconfig.json', 'pyproject.toml', 'setup.py', 'setup.cfg', 'build.gradle', 'build.gradle.kts', 'CMakeLists.txt'],
  out: ['package.json', 'tsconfig.json', 'build.gradle', 'build.gradle.kts'],
  target: ['Cargo.toml', 'pom.xml', 'build.sbt', 'build.gradle', 'build.gradle.kts', 'project.clj'],
};

/**
 * Decides whether a directory is skipped. `dir` is its repository-relative path; `hasSibling`
 * answers whether a file of that name exists in the directory containing it.
 */
export function classifyDirectory(dir: string, hasSibling: (name: string) => boolean): SkipDecision | null {
  const name = baseName(dir);
  if (VCS_DIRS.has(name)) {
    return { code: 'skipped-vcs', level: 'info', message: `version-control directory ${dir}/ not scanned`, silent: dir === '.git' };
  }
  const slash = dir.lastIndexOf('/');
  const parentName = slash < 0 ? '' : baseName(dir.slice(0, slash));
  if (name === 'node_modules' && !hasSibling('package.json')) {
    // Package managers install `node_modules` only beside a package.json. Without one, the folder
    // was put there by hand so that the project's own packages resolve by name (Node-RED keeps all
    // of its source in `packages/node_modules/`): it is source, and the packages inside it are
    // still skipped where they have installed dependencies of their own.
    return null;
  }
  if (VENDORED_DIRS.has(name) || VENDORED_PAIRS.has(`${parentName}/${name}`)) {
    return { code: 'skipped-vendored', level: 'info', message: `vendored directory ${dir}/ not scanned` };
  }
  if (TOOL_OUTPUT_DIRS.has(name)) {
    return { code: 'skipped-generated', level: 'info', message: `tool output directory ${dir}/ not scanned` };
  }
  const manifests = BUILD_OUTPUT_MANIFESTS[name];
  const manifest = manifests?.find((m) => hasSibling(m));
  if (manifest) {
    return {
      code: 'skipped-generated',
      level: 'info',
      message: `build output directory ${dir}/ not scanned (${manifest} beside it)`,
    };
  }
  return null;
}

const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp tif tiff psd heic avif xcf ' +
    'woff woff2 ttf otf eot ' +
    'zip gz tgz bz2 xz 7z rar tar zst lz4 jar war ear aar apk ipa whl egg nupkg gem deb rpm dmg iso ' +
    'exe dll so dylib o a lib obj class pyc pyo pyd wasm node ' +
    'mp3 mp4 m4a wav ogg flac avi mov mkv webm ' +
    'pdf doc docx xls xlsx ppt pptx odt ods ' +
    'sqlite sqlite3 mdb'
  ).split(' '),
);

/** Names tools give to the files they write. */
const GENERATED_NAME_PATTERNS: readonly [RegExp, string][] = [
  [/\.map$/i, 'source map'],
  [/\.generated\.[^/]+$/i, 'generated file name'],
  [/_pb2(_grpc)?\.pyi?$/, 'protobuf output'],
  [/\.pb(\.gw)?\.go$/, 'protobuf output'],
  [/\.pb\.(h|cc|swift)$/, 'protobuf output'],
  [/_(grpc_)?pb\.(js|d\.ts)$/, 'protobuf output'],
  [/\.(g|freezed)\.dart$/, 'Dart code generation output'],
  [/\.designer\.cs$/i, 'designer output'],
];

const MINIFIED_NAME = /[.-]min\.(js|mjs|cjs|css)$/i;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Decides from the file name alone whether a file is skipped. */
export function classifyFileName(path: string): SkipDecision | null {
  const name = baseName(path);
  const ext = extensionOf(name);
  if (BINARY_EXTENSIONS.has(ext)) return { code: 'skipped-binary', level: 'info', message: `binary file type .${ext}` };
  if (isLockfile(path)) return null;
  if (MINIFIED_NAME.test(name)) return { code: 'skipped-minified', level: 'info', message: 'minified file (by name)' };
  for (const [pattern, what] of GENERATED_NAME_PATTERNS) {
    if (pattern.test(name)) return { code: 'skipped-generated', level: 'info', message: `${what} (by name)` };
  }
  return null;
}

/** Extensions whose files are checked for minification by line length. */
export const MINIFIABLE_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'jsx', 'css', 'html', 'htm']);

export function isMinifiable(path: string): boolean {
  return MINIFIABLE_EXTENSIONS.has(extensionOf(baseName(path)));
}
