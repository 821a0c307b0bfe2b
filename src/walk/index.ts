export { walkRepository } from './walk.js';
export { readSourceFile, readSourceFileSync, sourceTextFromBytes } from './read.js';
export type { RealDirectories, SourceText } from './read.js';
export { DEFAULT_LIMITS, fileSizeLimit, isLockfile } from './limits.js';
export { runGit, GitNotInstalledError } from './git-exec.js';
export type { Diagnostic, FileStamp, GitInfo, RetainedFiles, TrustStat, WalkDiagnosticCode, WalkedFile, WalkOptions, WalkResult, WalkStats } from './types.js';
