// Routes Nest serves outside its controllers: `SwaggerModule.setup('docs', app, document)` (the
// Swagger UI, plus `docs-json`), `app.useStaticAssets(dir, { prefix })` and
// `ServeStaticModule.forRoot({ rootPath, serveRoot })`. They are registered on the HTTP adapter, so
// Nest guards (APP_GUARD, @UseGuards) and middleware consumers never run for them, and the global
// prefix applies to the Swagger path only with `useGlobalPrefix: true`. Only an adapter-level
// `app.use('/docs', basicAuth(...))` in the same file guards them.
import type { EntrypointFact, FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, literalValue, objectProp, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { flattenArgs, mwRef } from '../_lib/routes-refs.js';
import { decideAuth, effectiveRole, joinPath, routeFact, routeTags, underPrefix, type MwRef } from '../_lib/routes.js';

const SWAGGER_SETUP = /^@nestjs\/swagger\.SwaggerModule\.setup$/;
const SERVE_STATIC = /^@nestjs\/serve-static\.ServeStaticModule\.forRoot(Async)?$/;

/** Adapter-level auth middleware mounted on a path in this file (`app.use('/docs', basicAuth(...))`). */
function adapterGuards(index: JsIndex): { path: string; ref: MwRef }[] {
  const out: { path: string; ref: MwRef }[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'use' || call.arguments.length < 2) continue;
    const first = unwrap(call.arguments[0] as AstNode);
    const paths = first.type === 'ArrayExpression' ? first.elements.map((e) => stringValue(e as AstNode, index)) : [stringValue(first, index)];
    if (paths.some((p) => p === undefined)) continue;
    for (const arg of flattenArgs((call.arguments as AstNode[]).slice(1))) {
      const ref = mwRef(arg, index);
      const role = effectiveRole(ref);
      const basic = /basic-?auth/i.test(index.resolvedName(unwrap(arg).type === 'CallExpression' ? (unwrap(arg) as CallLike).callee : arg) ?? '');
      if (role === 'auth-user' || role === 'auth-admin' || role === 'auth-unknown' || basic) for (const p of paths) out.push({ path: joinPath('', p!), ref: basic && !role?.startsWith('auth') ? { ...ref, role: 'auth-user', why: `${ref.name} (HTTP basic auth)` } : ref });
    }
  }
  return out;
}

function entry(index: JsIndex, at: AstNode, path: string, tag: string, guards: { path: string; ref: MwRef }[]): FactInput {
  const chain = guards.filter((g) => underPrefix(path.replace(/\/\*$/, ''), g.path)).map((g) => g.ref);
  const decision = decideAuth(chain, undefined, path);
  const evidence = index.evidence(at);
  const fact: Omit<EntrypointFact, 'extractor'> = {
    kind: 'entrypoint',
    protocol: 'http',
    framework: 'nestjs',
    method: 'GET',
    path,
    middleware: chain.map((r) => r.name),
    auth: decision.auth,
    authEvidence: decision.evidence,
    tags: routeTags('GET', path, chain, undefined, [tag, 'page-only']),
    evidence,
    key: `${index.file}#entrypoint:http GET ${path}`,
  };
  return fact;
}

export function servedRoutes(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  let guards: { path: string; ref: MwRef }[] | undefined;
  const guardList = () => (guards ??= adapterGuards(index));
  for (const call of index.nodesOf('CallExpression')) {
    const callee = index.resolvedCallee(call) ?? '';
    const args = call.arguments as AstNode[];
    if (SWAGGER_SETUP.test(callee) && args.length >= 1) {
      const path = joinPath('', stringValue(args[0], index) ?? '{path}');
      const opts = resolveObject(args[3], index);
      if (literalValue(objectProp(opts, 'useGlobalPrefix'), index) === true) {
        // The global prefix is known only to link: a route fact it prefixes (public: Nest guards skip it).
        out.push(routeFact({ framework: 'nestjs', method: 'GET', path, evidence: index.evidence(call), meta: { local: path, mw: guardList().filter((g) => underPrefix(path, g.path)).map((g) => g.ref), public: true }, extraTags: ['api-docs', 'page-only'] }));
      } else out.push(entry(index, call, path, 'api-docs', guardList()));
    } else if (calleeProperty(call) === 'useStaticAssets' && args.length >= 1 && calleeObject(call)) {
      const prefix = stringValue(objectProp(resolveObject(args[1], index), 'prefix'), index) ?? '/';
      out.push(entry(index, call, joinPath(prefix, '/*'), 'static-files', guardList()));
    } else if (SERVE_STATIC.test(callee)) {
      for (const a of args) {
        const o = resolveObject(a, index);
        if (!o || !objectProp(o, 'rootPath')) continue;
        const prefix = stringValue(objectProp(o, 'serveRoot'), index) ?? '/';
        out.push(entry(index, o, joinPath(prefix, '/*'), 'static-files', []));
      }
    }
  }
  return out;
}
