// Controllers declared with decorators by routing-controllers, inversify-express-utils, tsoa, OvernightJS and tegg
// (see readme.md): each decorated method is an entry point, with the access its decorators declare.
import type { EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeName, objectProp, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { decodeMeta, encodeMeta, isTestFile, joinPath, ROUTE_TAG } from '../_lib/routes.js';
import { linkChildren } from './children.js';
import type { Extractor } from '../../types.js';
import { FRAMEWORKS, PACKAGE_SIGNALS, type DecoratorFramework } from './frameworks.js';
import { controllerRoutes } from './scan.js';
import { inHouseFrameworks, linkInHouseDefaults } from './in-house.js';
import { bindingFacts, classBaseFacts, CONTAINER_MODULES, linkDiMiddleware } from './di.js';

/** Packages of the frameworks whose middleware may be a DI identifier. */
const DI_FRAMEWORK_MODULES = FRAMEWORKS.filter((f) => f.diMiddleware).flatMap((f) => f.modules);

const EXTRACTOR = 'js/decorator-routes';
const PREFIX_SETTING = 'js-decorator-route-prefix';

/** `useExpressServer(app, { routePrefix: '/api' })`, `new InversifyExpressServer(c, null, { rootPath: '/api' })`: literal prefixes only. */
function prefixFacts(framework: DecoratorFramework, index: JsIndex): FactInput[] {
  const spec = framework.prefixOption;
  if (!spec) return [];
  const out: FactInput[] = [];
  for (const call of [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')]) {
    const name = calleeName(call)?.split('.').pop();
    if (!name || !spec.calls.has(name)) continue;
    for (const arg of call.arguments) {
      const options = unwrap(arg as AstNode);
      if (options.type !== 'ObjectExpression') continue;
      const value = objectProp(options, spec.option);
      const prefix = value ? stringValue(value, index) : undefined;
      if (prefix === undefined) continue;
      out.push({ kind: 'config', setting: PREFIX_SETTING, values: { framework: framework.id, prefix }, evidence: index.evidence(call as AstNode), key: `${index.file}#${PREFIX_SETTING}:${framework.id}:${index.line(call as AstNode)}` });
    }
  }
  return out;
}

/** Routes under the application's prefix, when every set-up call of that framework gives the same one. */
function linkPrefixes(facts: Fact[]): Fact[] {
  const prefixes = new Map<string, Set<string>>();
  for (const f of facts) if (f.kind === 'config' && f.setting === PREFIX_SETTING) {
    const { framework, prefix } = f.values as { framework: string; prefix: string };
    prefixes.set(framework, (prefixes.get(framework) ?? new Set()).add(prefix));
  }
  if (prefixes.size === 0) return facts;
  return facts.flatMap((f): Fact[] => {
    if (f.kind === 'config' && f.setting === PREFIX_SETTING) return [];
    if (f.kind !== 'entrypoint' || f.extractor !== EXTRACTOR || f.path === undefined) return [f];
    const one = prefixes.get(f.framework ?? '');
    if (!one || one.size !== 1) return [f];
    const path = joinPath([...one][0], f.path);
    // The router-local path too: js/express's link places the route by it.
    const meta = decodeMeta(f.tags);
    const tags = meta ? (f.tags ?? []).map((t) => (t.startsWith(ROUTE_TAG) ? encodeMeta({ ...meta, local: path }) : t)) : f.tags;
    const moved: EntrypointFact = { ...f, path, ...(tags ? { tags } : {}), key: `${f.evidence.file}#entrypoint:${f.protocol} ${f.method ?? ''} ${path}` };
    return [moved];
  });
}

export const extractor: Extractor = {
  id: EXTRACTOR,
  title: 'Decorator controllers of routing-controllers, inversify-express-utils, tsoa, OvernightJS and Egg.js tegg: routes, paths and declared access',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: PACKAGE_SIGNALS,
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = FRAMEWORKS.flatMap((framework) => (index.imports(...framework.modules) ? [...controllerRoutes(framework, index), ...prefixFacts(framework, index)] : []));
    // The application's own decorator set: only files whose text names a controller decorator call.
    if (file.content.includes('Controller(')) for (const framework of inHouseFrameworks(index)) facts.push(...controllerRoutes(framework, index));
    if (index.imports(...CONTAINER_MODULES)) facts.push(...bindingFacts(index));
    if (index.imports(...CONTAINER_MODULES, 'express', ...DI_FRAMEWORK_MODULES)) facts.push(...classBaseFacts(index));
    return facts.length > 0 ? facts : null;
  },
  link: (facts) => linkPrefixes(linkChildren(linkDiMiddleware(linkInHouseDefaults(facts, EXTRACTOR), EXTRACTOR), EXTRACTOR)),
};
