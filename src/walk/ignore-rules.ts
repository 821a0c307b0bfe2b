import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { compileMatcher } from './ignore-compiled.js';

/** gitignore-syntax matcher; case-sensitive like git on Linux, so results match across machines. */
export function createMatcher(patterns: string | readonly string[] = []): Ignore {
  const ig = ignore({ ignorecase: false });
  // Same answers, fewer regular expressions per path (see ignore-compiled.ts).
  return compileMatcher(ig.add(typeof patterns === 'string' ? patterns : [...patterns]));
}

/** Tests a repository-relative path; directories are tested with a trailing slash. */
export function matcherTest(matcher: Ignore, path: string, isDirectory: boolean): { ignored: boolean; unignored: boolean } {
  try {
    return matcher.test(isDirectory ? `${path}/` : path);
  } catch {
    // `ignore` rejects some unusual names; such a path is simply not matched.
    return { ignored: false, unignored: false };
  }
}

/**
 * The .gitignore files met while walking the file system (used when git is not available or the
 * root is not a git work tree). Like git, a deeper file's rules override a shallower one's, and
 * an ignored directory is never entered, so nothing below it can be re-included.
 */
export class GitignoreStack {
  private readonly byDir = new Map<string, Ignore>();

  /** Adds the rules of `<dir>/.gitignore` (dir '' is the root). */
  add(dir: string, content: string): void {
    const existing = this.byDir.get(dir);
    if (existing) existing.add(content);
    else this.byDir.set(dir, createMatcher(content));
  }

  get size(): number {
    return this.byDir.size;
  }

  isIgnored(path: string, isDirectory: boolean): boolean {
    if (this.byDir.size === 0) return false;
    let ignored = false;
    let dir = '';
    let rest = path;
    while (true) {
      const matcher = this.byDir.get(dir);
      if (matcher) {
        const result = matcherTest(matcher, rest, isDirectory);
        if (result.ignored) ignored = true;
        else if (result.unignored) ignored = false;
      }
      const slash = rest.indexOf('/');
      if (slash < 0) break;
      dir = dir === '' ? rest.slice(0, slash) : `${dir}/${rest.slice(0, slash)}`;
      rest = rest.slice(slash + 1);
    }
    return ignored;
  }
}
