// Instruction-level observations the container rules need: remote code fetched without integrity
// checks, sudo, copying the whole build context, and who the image runs as.
import type { Instruction } from './parse.js';
import { splitWords } from './parse.js';

/** Shell text of a RUN: its arguments (exec form joined) plus heredoc bodies. */
export function runText(run: Instruction): string {
  const main = run.json ? run.json.join(' ') : run.args;
  return [main, ...run.heredocs.map((h) => h.body)].join('\n');
}

const SHELLS = '(?:ba|da|z|k|a)?sh';
const FETCH = '(?:curl|wget)';
/** `curl ... | sh`, `wget -qO- ... | sudo bash -s`, `sh -c "$(curl ...)"`, `bash <(curl ...)`. */
const CURL_PIPE_SHELL = [
  new RegExp(`\\b${FETCH}\\b[^|;&\\n]*\\|\\s*(?:sudo\\s+(?:-\\S+\\s+)*)?(?:\\S*/)?${SHELLS}\\b`),
  new RegExp(`\\b${SHELLS}\\s+(?:-\\S+\\s+)*["']?\\$\\(\\s*${FETCH}\\b`),
  new RegExp(`\\b${SHELLS}\\s+<\\(\\s*${FETCH}\\b`),
];

export function isCurlPipeShell(shell: string): boolean {
  return CURL_PIPE_SHELL.some((p) => p.test(shell));
}

/** `ADD https://...` or a git URL without `--checksum`: remote content that nothing verifies. */
export function addsFromUrl(add: Instruction, escape: string): string | undefined {
  if (add.keyword !== 'ADD' || add.flags.checksum) return undefined;
  const words = add.json ?? splitWords(add.args, escape);
  const sources = words.slice(0, -1);
  return sources.find((s) => /^(?:https?|ftp):\/\//i.test(s) || /^git@/.test(s) || /^git:\/\//.test(s));
}

export function usesSudo(shell: string): boolean {
  return /(?:^|[\s;&|(])sudo\s/.test(shell) || /\b(?:apt-get|apt|apk|yum|dnf)\b[^;&|\n]*\b(?:install|add)\b[^;&|\n]*\bsudo\b/.test(shell);
}

/** `COPY . .` / `ADD . /app`: the whole build context (and whatever secrets sit in it) goes in. */
export function copiesWholeContext(copy: Instruction, escape: string): boolean {
  if (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') return false;
  if (copy.flags.from !== undefined || copy.heredocs.length > 0) return false;
  const words = copy.json ?? splitWords(copy.args, escape);
  return words.slice(0, -1).some((s) => s === '.' || s === './' || s === '*');
}

/** `root`, `0`, `root:root`, `0:0`: the identities that are uid 0. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}
