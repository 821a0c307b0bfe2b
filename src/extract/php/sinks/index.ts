import type { FactInput } from '../../../model/types.js';
import { runTaint } from '../../_polyglot/taint/engine.js';
import type { Extractor } from '../../types.js';
import { isPhpFile, phpTree, SUPERGLOBALS } from '../_lib/files.js';
import { PHP_TAINT } from '../_lib/taint-lang.js';

const REQUEST_TYPE = /^\\?(?:Illuminate\\Http\\)?(?:Request|\w+Request)$|ServerRequestInterface$/;

export const extractor: Extractor = {
  id: 'php/sinks',
  title: 'PHP injection sinks reached by request data (superglobals, Laravel requests)',
  matches: isPhpFile,
  signals: ['$_GET', '$_POST', '$_REQUEST', '$_COOKIE', '$_FILES', '$_SERVER', 'Request', 'request(', 'Input::', 'php://input'],
  extract(file, ctx) {
    const { root, lines } = phpTree(file, ctx);
    const hits = runTaint(PHP_TAINT, {
      file: file.path,
      lines,
      root,
      roleOf(fn) {
        const requestVars = [...SUPERGLOBALS];
        const sourceParams: Record<string, string> = {};
        const params = fn.field('parameters')?.namedChildren() ?? [];
        const method = fn.kind() === 'method_declaration';
        const controller = method && /Controller$/.test(fn.ancestors().find((a) => a.kind() === 'class_declaration')?.field('name')?.text() ?? '');
        for (const p of params) {
          const name = p.field('name')?.text() ?? '';
          const type = p.field('type')?.text() ?? '';
          if (REQUEST_TYPE.test(type)) requestVars.push(name);
          // Untyped or scalar controller action parameters are route parameters.
          else if (controller && (!type || /^\??(?:string|int|mixed)$/.test(type))) sourceParams[name] = `route parameter ${name}`;
        }
        const cls = fn.ancestors().find((a) => a.kind() === 'class_declaration')?.field('name')?.text();
        const name = fn.field('name')?.text();
        return { requestVars, sourceParams, route: fn.kind() === 'program' ? `script ${file.path}` : cls && name ? `${cls}@${name}` : undefined };
      },
    });
    const facts: FactInput[] = hits.map((hit) => ({
      kind: 'sink',
      sink: hit.kind,
      api: hit.api,
      tainted: true,
      source: hit.source,
      route: hit.route,
      path: hit.steps,
      evidence: lines.evidence(file.path, hit.node.range().start.line + 1),
      key: `${file.path}#${hit.functionName}#${hit.api}#${hit.source}`,
    }));
    return facts.length > 0 ? facts : null;
  },
};
