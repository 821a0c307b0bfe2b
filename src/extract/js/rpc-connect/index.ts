// ConnectRPC (Connect for ES) services as HTTP entry points: the methods registered on a router
// (`createConnectRouter().service(Desc, impl)`, `routes` callbacks of the node, express, fastify
// and Next.js adapters), their interceptors judged as guards, and the prefix they are served
// under (see readme.md).
import type { FactInput } from '../../../model/types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import type { Extractor, SourceFile } from '../../types.js';
import { CONNECT_SETTING, linkConnect } from './link.js';
import { scanConnect, scanProtoFile, type ConnectFileRecord } from './scan.js';

/**
 * Text every file the pass reads holds one of: the package (`@connectrpc/connect`, the former
 * `@bufbuild/connect`), a generated descriptor (`@generated from service`, v1 `typeName`), or a
 * `.proto` service, or a route that dispatches a router's `.handlers`; barrels are followed.
 */
const SIGNALS = ['/connect', '@generated from service', 'typeName', 'service ', '.handlers', 'export *', 'export {'];
const CHEAP = /\/connect|@generated from service|typeName|service |\.handlers|export \*|export \{/;

function recordFact(file: SourceFile, rec: ConnectFileRecord): FactInput {
  return { kind: 'config', setting: CONNECT_SETTING, values: { data: JSON.stringify(rec) }, evidence: { file: file.path, line: 1 }, key: `${file.path}#${CONNECT_SETTING}` };
}

export const extractor: Extractor = {
  id: 'js/rpc-connect',
  title: 'ConnectRPC services, interceptors and adapters',
  matches: (path) => path.endsWith('.proto') || (isJsFile(path) && !isTestFile(path)),
  signals: SIGNALS,
  extract(file, ctx) {
    // The signals again: the facts of a file never depend on them being skipped.
    if (!CHEAP.test(file.content)) return null;
    if (file.path.endsWith('.proto')) {
      const rec = scanProtoFile(file.content);
      return rec ? [recordFact(file, rec)] : null;
    }
    const rec = scanConnect(jsIndex(file, ctx));
    return rec ? [recordFact(file, rec)] : null;
  },
  link: linkConnect,
};
