// The git pre-commit hook: POSIX sh that runs an earlier hook kept as `pre-commit.local`, then,
// only when *.tc.json files are staged, validates their staged content with this installation of
// threatcode. A non-zero exit blocks the commit; the validator's report says why.

/** Marks hooks we wrote, so reinstalling may replace them and a foreign hook is never replaced. */
export const HOOK_MARKER = '# threatcode-pre-commit-hook';

/** Single-quotes a word for sh (a `'` inside becomes `'\''`). */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The hook text; `runner` is the command that starts threatcode (e.g. [node, bin/threatcode.js]). */
export function preCommitHook(runner: readonly string[]): string {
  // Absolute paths in the runner (node, bin/threatcode.js) may vanish when node or threatcode is
  // upgraded or removed: say so plainly instead of failing with a cryptic error.
  const checks = runner
    .filter((word) => word.startsWith('/'))
    .map((path) => `if [ ! -e ${shQuote(path)} ]; then\n  echo "threatcode pre-commit: cannot find "${shQuote(path)}"; reinstall with: threatcode hooks install" >&2\n  exit 1\nfi\n`)
    .join('');
  return `#!/bin/sh
${HOOK_MARKER}
# Installed by \`threatcode hooks install\`: blocks commits of .tc.json files that AWS Threat
# Composer would refuse to import. Bypass once with \`git commit --no-verify\`.

local_hook="$(dirname "$0")/pre-commit.local"
if [ -x "$local_hook" ]; then
  "$local_hook" "$@" || exit $?
fi

staged=$(git diff --cached --name-only --diff-filter=ACMR -- '*.tc.json') || exit $?
[ -z "$staged" ] && exit 0

${checks}${runner.map(shQuote).join(' ')} validate --staged
status=$?
if [ "$status" -ne 0 ]; then
  echo "threatcode pre-commit: commit blocked; fix the .tc.json files above (or commit with --no-verify)" >&2
fi
exit "$status"
`;
}
