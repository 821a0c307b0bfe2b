import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { RouterScan } from '../_lib/routes-scan.js';
import type { Extractor } from '../../types.js';
import { applyAutohooks, autohookRecords } from './autohooks.js';
import { autoloadedPluginConfigs } from './autoload-plugins.js';
import { ajvConfigFacts, tagBodySchemas } from './body-schema.js';
import { addRequestGuards } from './request-guards.js';
import { routeConfigGuards } from '../_lib/route-config-guards.js';
import { tagRouteConfigs } from './route-config.js';
import { autoloadRoots, finishServed } from './served-link.js';
import { envDefaults, servedRoutes } from './served-routes.js';
import { uploadRecords } from './upload-dirs.js';

export const extractor: Extractor = {
  id: 'js/fastify',
  title: 'Fastify routes, route options (preHandler/onRequest), hooks, autohooks, plugin prefixes, static folders, API docs and upload folders',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  // `Fastify`: plugin modules that only name the instance's type (`(server: FastifyInstance) =>
  // server.route({...})`, or a project alias of it), importing nothing of Fastify's.
  signals: ['fastify', 'Fastify', 'reply', 'addHook'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const fastifyFile = index.imports('fastify', 'fastify-plugin', '@fastify/*');
    if (!fastifyFile && (index.imports('express', 'koa', '@koa/router', '@nestjs/common', '@hapi/hapi') || !/\bfastify\b|\bFastify[A-Z]\w*|\breply\b|\.addHook\(/.test(file.content))) return null;
    const facts = [...tagRouteConfigs(addRequestGuards(tagBodySchemas(new RouterScan(index, 'fastify').run(), index), index), index), ...routeConfigGuards(index), ...autohookRecords(index), ...autoloadedPluginConfigs(index), ...ajvConfigFacts(index), ...servedRoutes(index), ...envDefaults(index), ...uploadRecords(index)];
    return facts.length > 0 ? facts : null;
  },
  // Routes first (a no-op when an earlier route extractor already linked), then autohooks, then
  // served folders (with the autoload folders autohooks consumes).
  link: (facts) => {
    const linked = linkRoutes(facts);
    return finishServed(applyAutohooks(linked), autoloadRoots(linked));
  },
};
