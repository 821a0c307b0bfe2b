import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { jsIndex } from '../_lib/ast.js';
import { exportedHandlerFacts } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { realtimeFacts } from '../_lib/routes-realtime.js';
import { strategyHandlerFacts } from '../_lib/passport-strategies.js';
import { pathListFacts } from '../_lib/guard-bypass.js';
import { wrapperFacts } from '../_lib/routes-guard-wrappers.js';
import { fieldFilterFacts, recordScopeFacts } from '../_lib/routes-records.js';
import { classScopeFacts } from '../_lib/record-scope-classes.js';
import { RouterScan } from '../_lib/routes-scan.js';
import { identityFillFacts } from '../_lib/routes-handler-records.js';
import { listingDefFacts } from '../_lib/routes-handler-listing.js';
import type { Extractor } from '../../types.js';

/** Files that belong to another router framework: their `router.get` is not Express. */
const OTHER_FRAMEWORKS = ['koa', '@koa/router', 'koa-router', 'fastify', '@hapi/hapi', 'hapi', '@nestjs/common', 'hono', 'hono/*', '@hono/*', 'next/server', '@ioc:Adonis/Core/Route', '@adonisjs/core/services/router'];

/** A Hono app of hono/factory (`const app = honoFactory.createApp()`) in a file that imports no Hono module itself. */
const HONO_FACTORY_APP = /\b\w*[fF]actory\s*\.\s*createApp\s*\(/;

/** One pass for the three words fastifyText looks for (cheaper than three searches of a file without them). */
const FASTIFY_WORDS = /\.addHook\(|reply|fastify/;

/**
 * Fastify code without an import of it. Plain searches first (most files hold none of the words),
 * the word-boundary regexp only where the word occurs.
 */
function fastifyText(content: string): boolean {
  if (!FASTIFY_WORDS.test(content)) return false;
  return content.includes('.addHook(') || (content.includes('reply') && /\breply\b/.test(content)) || (content.includes('fastify') && /\bfastify\b/.test(content));
}

export const extractor: Extractor = {
  id: 'js/express',
  title: 'Express apps, routers, mounts, middleware chains and exported request handlers',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const other = index.imports(...OTHER_FRAMEWORKS) || (!index.imports('express') && (fastifyText(file.content) || (file.content.includes('createApp(') && HONO_FACTORY_APP.test(file.content))));
    const facts = other ? [] : new RouterScan(index, 'express').run();
    // Controllers in their own files: summarised here so routes elsewhere can use them in link.
    facts.push(...exportedHandlerFacts(index), ...strategyHandlerFacts(index), ...realtimeFacts(index), ...recordScopeFacts(index), ...classScopeFacts(index), ...fieldFilterFacts(index), ...identityFillFacts(index), ...listingDefFacts(index));
    // Exported path lists, for app-wide guards elsewhere that let them through (guard-bypass.ts).
    facts.push(...pathListFacts(index));
    // Exported pass-through wrappers (`asyncHandler(fn)`): link judges the middleware they wrap.
    facts.push(...wrapperFacts(index));
    return facts.length > 0 ? facts : null;
  },
  link: linkRoutes,
};
