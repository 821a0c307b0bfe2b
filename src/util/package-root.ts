// Files of threatcode's own package (bin/, skill/, package.json), found from the module asking.
// Depth-independent on purpose: the same module runs from src/ (tsx), from dist/ (tsc's output)
// and from dist/bundle/ (the CLI's bundle, where every module shares one URL), so a fixed
// `../../..` would name a different folder in each.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const roots = new Map<string, string>();

/** The folder of threatcode's package.json above `moduleUrl` (pass `import.meta.url`). */
export function packageRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  const known = roots.get(start);
  if (known) return known;
  for (let dir = start; ; ) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && ownManifest(manifest)) {
      roots.set(start, dir);
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`threatcode's package.json not found above ${start}`);
    dir = up;
  }
}

function ownManifest(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'threatcode';
  } catch {
    return false;
  }
}

/** A path inside threatcode's package (`packageFile(import.meta.url, 'bin', 'threatcode.js')`). */
export function packageFile(moduleUrl: string, ...parts: string[]): string {
  return join(packageRoot(moduleUrl), ...parts);
}
