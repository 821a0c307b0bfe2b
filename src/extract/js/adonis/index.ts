// AdonisJS (v5 and v6): routes of start/routes.ts (and the files it loads) with their groups,
// resources and middleware, the controller methods they name, and global middleware of
// start/kernel.ts. See readme.md.
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { CONFIG_FILE, CONFIG_SIGNALS, linkConfig, scanConfig } from './config.js';
import { exportedClass, scanController } from './controllers.js';
import { linkGlobalGuards, scanKernel, scanMiddleware } from './kernel.js';
import { linkNamed, middlewareVerdict } from './named.js';
import { ROUTER_MODULES, scanRoutes } from './routes.js';

export const extractor: Extractor = {
  id: 'js/adonis',
  title: 'AdonisJS routes (start/routes.ts), route groups, resources, middleware and controllers',
  matches: (path) => isJsFile(path) && !isTestFile(path) && !/\.d\.[cm]?ts$/.test(path),
  signals: ['@ioc:Adonis/Core/Route', '@adonisjs/core/services/router', 'HttpContext', '@ioc:Adonis/Core/Server', '@adonisjs/core/services/server', ...CONFIG_SIGNALS],
  extract(file, ctx) {
    const c = file.content;
    const router = ROUTER_MODULES.some((m) => c.includes(m));
    const kernel = /(^|\/)start\/kernel\.[cm]?[jt]s$/.test(file.path);
    // Controllers take the HTTP context; only classes of the application (under app/) are looked at.
    const controller = c.includes('HttpContext') && /(^|\/)app\//.test(file.path) && /export\s+default\s+class\b|export\s+default\s+\w+\s*;?\s*$/m.test(c);
    // config/session.ts, config/shield.ts, config/auth.ts (config.ts).
    const config = CONFIG_FILE.test(file.path) && CONFIG_SIGNALS.some((s) => c.includes(s));
    if (!router && !kernel && !controller && !config) return null;
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    if (config) out.push(...scanConfig(index));
    if (router) out.push(...scanRoutes(index));
    if (kernel) out.push(...scanKernel(index));
    if (controller) {
      // Middleware classes (`handle(ctx, next)`): whether they let requests through unchecked.
      if (/(^|\/)app\/middleware\//i.test(file.path)) {
        const cls = exportedClass(index);
        if (cls) out.push(...scanMiddleware(index, cls), ...middlewareVerdict(index, cls));
      } else out.push(...scanController(index));
    }
    return out.length > 0 ? out : null;
  },
  // Only its own records (global guards): the shared linkRoutes (run by js/express and the other
  // route extractors, after the auth helpers' links) resolves controllers, middleware and guards.
  link: (facts) => linkConfig(linkNamed(linkGlobalGuards(facts))),
};
