import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Annotation {
  kind: 'ruleid' | 'ok' | 'todoruleid' | 'todook';
  ruleId: string;
  file: string;
  /** The line the annotation is about: the one after the comment. */
  line: number;
}

const ANNOTATION = /\b(todoruleid|todook|ruleid|ok):\s*([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)/g;

function files(dir: string, root: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, root, out);
    else out.push(relative(root, full).split('\\').join('/'));
  }
  return out;
}

/** Reads `ruleid:` / `ok:` annotations (semgrep style) from every file of a fixture folder. */
export function readAnnotations(root: string): Annotation[] {
  const result: Annotation[] = [];
  for (const file of files(root, root, [])) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const match of text.matchAll(ANNOTATION)) {
        for (const ruleId of match[2].split(',').map((s) => s.trim())) {
          result.push({ kind: match[1] as Annotation['kind'], ruleId, file, line: index + 2 });
        }
      }
    });
  }
  return result;
}
