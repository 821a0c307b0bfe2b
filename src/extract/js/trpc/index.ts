// tRPC procedures as HTTP entry points: routers, procedure builders and their middleware, the
// adapters that serve them and trpc-to-openapi REST routes (see readme.md).
import type { FactInput } from '../../../model/types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { linkTrpc, TRPC_SETTING } from './link.js';
import { scanTrpc } from './scan.js';

/**
 * Text every tRPC file holds one of: the package or a helper named after it, a builder
 * (`procedure`), a leaf (`.query(` / `.mutation(`), a router factory, trpc-to-openapi metadata.
 */
const SIGNALS = ['trpc', 'TRPC', 'Trpc', 'tRPC', 'procedure', 'Procedure', 'outer', 'openapi', 'OpenApi', 'query(', 'mutation(', 'subscription(', 'iddleware('];
const CHEAP = new RegExp(SIGNALS.map((s) => s.replace(/[()]/g, '\\$&')).join('|'));

export const extractor: Extractor = {
  id: 'js/trpc',
  title: 'tRPC routers, procedures, builder middleware, adapters and trpc-to-openapi routes',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    // The signals again: the facts of a file never depend on them being skipped (see signals.test.ts).
    if (!CHEAP.test(file.content)) return null;
    const record = scanTrpc(jsIndex(file, ctx));
    if (!record) return null;
    const fact: FactInput = {
      kind: 'config',
      setting: TRPC_SETTING,
      values: { data: JSON.stringify(record) },
      evidence: { file: file.path, line: 1 },
      key: `${file.path}#${TRPC_SETTING}`,
    };
    return [fact];
  },
  link: linkTrpc,
};
