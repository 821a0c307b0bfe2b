import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { mayRegisterPlugins, pluginRegistrations } from '../_lib/plugin-slots.js';
import { isTestFile } from '../_lib/routes.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { RouterScan } from '../_lib/routes-scan.js';
import type { Extractor } from '../../types.js';

/** A rest parameter handed on whole: `(...args) => { users(...args); }` (route aggregators). */
const FORWARDS = /\(\s*\.\.\.(\w+)\s*[:)][^]*\w\(\s*\.\.\.\1\s*\)/;
const KOA = ['koa', '@koa/router', 'koa-router', 'koa-joi-router', 'koa-mount'];

export const extractor: Extractor = {
  id: 'js/koa',
  title: 'Koa apps and koa-router routes, prefixes, nested routers and middleware',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  // `value:`: plugin registries that hand routers over (`{ type: Hook.API, value: router }`).
  // `(...`: aggregators handing their rest parameter on (`(...args) => { users(...args); }`).
  signals: ['koa', 'ctx', 'value:', '(...'],
  extract(file, ctx) {
    const plugins = mayRegisterPlugins(file.content);
    // `parent.use(router.routes())` nests a router whatever its class (a koa-router subclass).
    const forwards = FORWARDS.test(file.content) || /\.use\(\s*\w+\.routes\(\)/.test(file.content);
    if (!plugins && !forwards && !file.content.includes('koa') && !file.content.includes('ctx')) return null;
    const index = jsIndex(file, ctx);
    const registered = plugins ? pluginRegistrations(index, 'koa') : [];
    const koaFile = index.imports(...KOA);
    // Route modules that import nothing: accept only ctx-style handlers (the scanner checks).
    if (!koaFile && (index.imports('express', 'fastify', '@nestjs/common', '@hapi/hapi', 'hono', 'hono/*', '@hono/*', '@ioc:Adonis/Core/Route', '@adonisjs/core/services/router') || (!forwards && !/\(\s*ctx\b|async\s+ctx\b/.test(file.content)))) return registered.length > 0 ? registered : null;
    const facts = [...new RouterScan(index, 'koa').run(), ...registered];
    return facts.length > 0 ? facts : null;
  },
  link: linkRoutes,
};
