// One extractor per Go router family over a shared per-file scan (go/_lib/routes.ts): each keeps
// the routes (and router hand-over records) of its own framework.
import type { FactInput } from '../../../model/types.js';
import { memo } from '../../_polyglot/parse.js';
import type { Extractor } from '../../types.js';
import { goIndex, isGoFile } from './index.js';
import { linkGo } from './link.js';
import { FRAMEWORK_NAMES, scanGoRoutes, type GoFramework } from './routes.js';

export function goRouteExtractor(id: string, title: string, framework: GoFramework, signals: readonly string[]): Extractor {
  return {
    id,
    title,
    matches: isGoFile,
    signals,
    extract(file, ctx) {
      const index = goIndex(file, ctx);
      const all = memo(ctx, 'go-routes', () => scanGoRoutes(index));
      const mine = all.filter((f: FactInput) => (f.kind === 'entrypoint' ? f.framework === FRAMEWORK_NAMES[framework] : f.kind === 'config' && f.values.framework === framework));
      return mine.length > 0 ? mine : null;
    },
    link: linkGo,
  };
}
