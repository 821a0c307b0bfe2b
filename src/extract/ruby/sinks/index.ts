import type { FactInput } from '../../../model/types.js';
import { runTaint } from '../../_polyglot/taint/engine.js';
import type { Extractor } from '../../types.js';
import { isRubyFile, rubyTree } from '../_lib/files.js';
import { RUBY_REQUEST_VARS, RUBY_TAINT } from '../_lib/taint-lang.js';

export const extractor: Extractor = {
  id: 'ruby/sinks',
  title: 'Ruby injection sinks reached by request data (Rails controllers, Sinatra routes)',
  // Controller specs and tests send params; they serve no requests.
  matches: (path) => isRubyFile(path) && !/(?:^|\/)(?:config|spec|test)\//.test(path),
  signals: ['params', 'request.', 'cookies['],
  extract(file, ctx) {
    const inController = /Controller\b/.test(file.content);
    const sinatra = /\bsinatra\b|Sinatra::/.test(file.content);
    if (!inController && !sinatra) return null;
    const { root, lines } = rubyTree(file, ctx);
    const hits = runTaint(RUBY_TAINT, {
      file: file.path,
      lines,
      root,
      roleOf(fn, parts) {
        // The route is read only for the functions the engine walks (a getter): most are not.
        let route: string | null | undefined = null;
        const routeOf = (): string | undefined => {
          const cls = fn.ancestors().find((a) => a.kind() === 'class')?.field('name')?.text();
          // Sinatra route blocks: `get '/x' do ... end`.
          const call = fn.kind() === 'do_block' || fn.kind() === 'block' ? fn.parent() : null;
          const verb = call?.kind() === 'call' ? /^(get|post|put|patch|delete)$/.exec(call.field('method')?.text() ?? '')?.[1] : undefined;
          const path = verb ? /['"]([^'"]+)['"]/.exec(call?.field('arguments')?.text() ?? '')?.[1] : undefined;
          return verb && path ? `${verb.toUpperCase()} ${path}` : cls && parts.name ? `${cls}#${parts.name}` : undefined;
        };
        return {
          requestVars: RUBY_REQUEST_VARS,
          get route() {
            if (route === null) route = routeOf();
            return route;
          },
        };
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
