import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { compileMatcher, literalShape } from './ignore-compiled.js';
import { createMatcher, GitignoreStack } from './ignore-rules.js';

/** Rules of every shape the compiled scan answers, and of many it leaves to the expressions. */
const RULES = [
  'coverage', 'dist', 'node_modules', '.env', '.env.local', '.DS_Store', 'package-lock.json', '-dash', '_u',
  '*.log', '*.tar.gz', '*.gz', '*.d.ts', '*.', '*payloadtests.db', '*.LOG',
  'npm-debug.log*', 'yarn-error.log*', '.env*', 'build-*',
  '.turbo/', 'tmp/', 'logs/',
  '/media', '/migrations', 'test/packed', 'packages/ui/esbuild', '/.idea', '/out/', '.claude/skills/x/',
  'build/Release', 'a/b/c/d', 'test/media/',
  // Left to the expressions.
  '.idea/*', '.vscode/*', '.idea/**/libraries', '**/tmp', 'src/**.js', '*.sw?', '*.ntvs*', 'report.[0-9]*.json',
  '[Bb]in', 'a b', 'with\\ space ', 'trailing   ', '\\#hash', '\\!bang', '#comment', '', '!', 'x\\', '$dollar/',
  '**', '/*', '*', '?', 'a/**/b', 'docs/*.md', 'foo/**', '.yarn/*',
  // Negations and re-ignores after them: the last matching rule decides.
  '!.env.example', '!keep.log', '!dist/keep', '!/media/public', '!.vscode/settings.json', '!*.d.ts', 'keep.log', '!build-*',
  '!.yarn/releases', 'coverage/', '!tmp/', '*.GZ', '!npm-debug.log.keep',
];

const SEGMENTS = [
  'coverage', 'dist', 'node_modules', '.env', '.env.local', '.env.example', '.DS_Store', 'package-lock.json', '-dash', '_u',
  'a.log', 'keep.log', '.log', 'log', 'x.tar.gz', 'x.gz', 'gz', 'types.d.ts', 'x.', '.', 'mypayloadtests.db', 'payloadtests.db',
  'A.LOG', 'npm-debug.log', 'npm-debug.log.keep', 'npm-debug.lo', 'yarn-error.log.1', '.envrc', 'build-x', 'build-', 'build',
  '.turbo', 'tmp', 'logs', 'media', 'public', 'migrations', 'test', 'packed', 'packages', 'ui', 'esbuild', '.claude', 'skills',
  'x', 'Release', 'a', 'b', 'c', 'd', '.idea', '.vscode', 'settings.json', 'libraries', 'src', 'f.js', 'f.ts', 'x.swp', 'x.swpp',
  'x.ntvs.y', 'report.1.json', 'Bin', 'bin', 'a b', 'with space', 'trailing', '#hash', '!bang', '$dollar', 'docs', 'r.md',
  'foo', '.yarn', 'releases', 'cache', 'keep', 'x.GZ', 'index.ts', 'out',
];

/** Every path of one to three segments from `segments`, as a file and as a directory (trailing `/`). */
function paths(segments: readonly string[], depth: number): string[] {
  const out: string[] = [];
  let level = [''];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const prefix of level) for (const s of segments) next.push(prefix ? `${prefix}/${s}` : s);
    out.push(...next);
    level = next.length > 4000 ? next.filter((_, i) => i % 37 === 0) : next;
  }
  return out.flatMap((p) => [p, `${p}/`]);
}

function stock(rules: string | readonly string[]): Ignore {
  return ignore({ ignorecase: false }).add(typeof rules === 'string' ? rules : [...rules]);
}

function agree(rules: string | readonly string[], tested: readonly string[]): void {
  const expected = stock(rules);
  const actual = compileMatcher(stock(rules));
  for (const path of tested) {
    let want: { ignored: boolean; unignored: boolean } | string;
    let got: { ignored: boolean; unignored: boolean } | string;
    try {
      const r = expected.test(path);
      want = { ignored: r.ignored, unignored: r.unignored };
    } catch (error) {
      want = String(error);
    }
    try {
      const r = actual.test(path);
      got = { ignored: r.ignored, unignored: r.unignored };
    } catch (error) {
      got = String(error);
    }
    assert.deepEqual(got, want, `${JSON.stringify(path)} against ${typeof rules === 'string' ? 'a .gitignore' : JSON.stringify(rules)}`);
  }
}

describe('walk/ignore-compiled', () => {
  it('reads the literal shapes from ignore’s expressions, and only those', () => {
    const shape = (pattern: string) => {
      const rule = (stock([pattern]) as unknown as { _rules: { _rules: { regex: RegExp }[] } })._rules._rules[0];
      return literalShape(rule.regex.source, rule.regex.flags);
    };
    assert.deepEqual(shape('coverage'), { kind: 'name', literal: 'coverage' });
    assert.deepEqual(shape('.env.local'), { kind: 'name', literal: '.env.local' });
    assert.deepEqual(shape('.turbo/'), { kind: 'dirName', literal: '.turbo' });
    assert.deepEqual(shape('*.tar.gz'), { kind: 'suffix', literal: '.tar.gz' });
    assert.deepEqual(shape('npm-debug.log*'), { kind: 'prefix', literal: 'npm-debug.log' });
    assert.deepEqual(shape('/media'), { kind: 'path', literal: 'media' });
    assert.deepEqual(shape('packages/ui/esbuild'), { kind: 'path', literal: 'packages/ui/esbuild' });
    assert.deepEqual(shape('/out/'), { kind: 'dirPath', literal: 'out' });
    for (const residual of ['*.sw?', '.idea/*', 'a b', '[Bb]in', 'a/**/b', '$dollar/', '*']) assert.equal(shape(residual), undefined, residual);
    // A case-insensitive matcher's expressions carry a flag: left to them.
    const folded = (ignore({ ignorecase: true }).add('coverage') as unknown as { _rules: { _rules: { regex: RegExp }[] } })._rules._rules[0];
    assert.equal(literalShape(folded.regex.source, folded.regex.flags), undefined);
  });

  it('answers as ignore does: every rule alone, the whole list, and the list reversed', () => {
    const tested = paths(SEGMENTS, 2);
    for (const rule of RULES) agree([rule], tested);
    agree(RULES, paths(SEGMENTS, 3));
    agree([...RULES].reverse(), tested);
    agree(RULES.join('\n'), tested);
  });

  it('answers as ignore does when rules are added after the first test, and through GitignoreStack', () => {
    const matcher = createMatcher('*.log\n');
    assert.equal(matcher.ignores('a.log'), true);
    matcher.add('!keep.log\n');
    assert.equal(matcher.ignores('keep.log'), false);
    assert.equal(matcher.ignores('a.log'), true);
    const stack = new GitignoreStack();
    stack.add('', 'dist\n*.log\n');
    stack.add('pkg', '!dist\n');
    stack.add('pkg', 'x.log/\n');
    assert.equal(stack.isIgnored('dist', true), true);
    assert.equal(stack.isIgnored('pkg/dist', true), false);
    assert.equal(stack.isIgnored('pkg/x.log', false), true);
    assert.equal(stack.isIgnored('pkg/y.ts', false), false);
  });

  it('answers as ignore does for the .gitignore files of the benchmark corpora and their own paths', (t) => {
    const corpora = join(dirname(fileURLToPath(import.meta.url)), '../../bench/corpora');
    if (!existsSync(corpora)) {
      t.skip('bench/corpora is not present');
      return;
    }
    let files = 0;
    const visit = (dir: string, depth: number, found: string[]): void => {
      if (depth > 6 || found.length > 400) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.name === 'node_modules' || e.name === '.git') continue;
        if (e.name === '.gitignore' && e.isFile()) found.push(join(dir, e.name));
        else if (e.isDirectory()) visit(join(dir, e.name), depth + 1, found);
      }
    };
    const gitignores: string[] = [];
    for (const corpus of readdirSync(corpora)) visit(join(corpora, corpus), 0, gitignores);
    for (const file of gitignores) {
      const dir = dirname(file);
      const text = readFileSync(file, 'utf8');
      // The directory's own paths (two levels), plus every rule's words as segments.
      const own: string[] = [];
      for (const e of readdirSync(dir, { withFileTypes: true }).slice(0, 60)) {
        own.push(e.isDirectory() ? `${e.name}/` : e.name);
        if (!e.isDirectory() || e.name === 'node_modules') continue;
        try {
          for (const f of readdirSync(join(dir, e.name), { withFileTypes: true }).slice(0, 30)) own.push(`${e.name}/${f.name}${f.isDirectory() ? '/' : ''}`);
        } catch {
          // unreadable: the listing's own paths are enough
        }
      }
      const words = [...new Set(text.split(/[\s/*?[\]!#\\]+/).filter(Boolean))].slice(0, 40);
      agree(text, [...own, ...paths([...words, 'x', 'x.js'], 2)]);
      files++;
    }
    assert.ok(files > 0);
  });
});
