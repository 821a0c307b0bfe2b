// A package importing its own files by its package name or by a tsconfig `paths` alias named
// after its folder (`"paths": { "back-end/*": ["./*"] }`, `import { r } from 'back-end/src/routes/r'`
// in `packages/back-end/src/app.ts`). Written as a bare specifier it looks like a dependency, so
// route and guard links that follow only the repository's own modules would drop it. Rewritten
// to the relative path it denotes, the import is followed like `./routes/r`.
import { posix } from 'node:path';

/**
 * The relative specifier (`./routes/r`) a self-reference from `file` denotes, or undefined. Needs
 * the package's folder in the importing file's path followed by the specifier's next folder
 * (`back-end/src/...` from `.../back-end/src/...`), so a dependency's deep import
 * (`lodash/fp/map`, `express/lib/router`) never matches by accident.
 */
export function selfReference(spec: string, file: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  const parts = spec.split('/');
  const scoped = spec.startsWith('@');
  const name = scoped ? parts[1] : parts[0];
  const rest = parts.slice(scoped ? 2 : 1);
  if (!name || rest.length < 2 || rest.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  // Asked of every bare import of every file: most name no folder of the importing file's path.
  if (!file.includes(`${name}/${rest[0]}/`)) return undefined;
  const dirs = posix.dirname(file).split('/');
  for (let i = dirs.length - 2; i >= 0; i--) {
    if (dirs[i] !== name || dirs[i + 1] !== rest[0]) continue;
    const target = [...dirs.slice(0, i + 1), ...rest].join('/');
    const rel = posix.relative(posix.dirname(file), target);
    return rel.startsWith('.') ? rel : `./${rel}`;
  }
  return undefined;
}
