// js/taint: request data reaching injection sinks in JavaScript/TypeScript services (Express, Koa,
// Fastify, Hapi, Nest, Next, raw node http, websockets). Emits `sink` facts with the source, the
// route and the taint path; cross-module flows are completed in `link`.
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { isJsFile, parseJs, type ParsedJs } from '../_lib/parse.js';
import { Analyzer } from '../_lib/taint-engine.js';
import { DOCUMENT_DB } from '../_lib/taint-sinks.js';
import { dtoFacts, internalFacts, linkTaint, packageFact, templateFact } from '../_lib/taint-link.js';
import { isTemplateFile, templateOutputs } from '../_lib/taint-templates.js';
import { nextRouteFor } from '../_lib/taint-next.js';
import { ASTRO_PAGE_FN, astroFrontmatter, isAstroFile } from '../_lib/astro-frontmatter.js';
import { astroRouteFor } from '../_lib/astro-paths.js';
import { kitRouteFor } from '../sveltekit/paths.js';
import { nitroFile, nitroRoute } from '../nitro/paths.js';
import { isFeathersModule } from '../_lib/taint-feathers.js';
import { isTestFile } from '../_lib/routes.js';

/** Packages whose version decides whether a call is a finding. */
const VERSIONED = ['js-yaml', 'adm-zip', 'lodash'];

/**
 * A file can matter only if it reads request data, handles archives, or exports functions other
 * files may call with request data; anything else is skipped before parsing.
 */
const SIGNALS = [
  'req',
  'ctx',
  'request',
  'Request',
  'socket',
  'ws.',
  '@Body',
  '@Query',
  '@Param',
  '@Headers',
  '@Args',
  '@MessageBody',
  // A global ValidationPipe (main.ts, app.module.ts) makes class-validator DTOs hold (taint-dto.ts).
  'ValidationPipe',
  'searchParams',
  // Astro pages and endpoints read the request through `Astro.` and the context (js/astro).
  'Astro.',
  'use server',
  // Meteor methods and publications (taint-meteor.ts).
  'Meteor.methods',
  'Meteor.publish',
  'ValidatedMethod',
  // Meteor's HTTP routers: Restivus endpoints (`this.bodyParams`) and Picker routes.
  'Restivus',
  'Picker.',
  'export',
  'getEntries',
  "'entry'",
  '"entry"',
  '"dependencies"',
  // View templates (see taint-templates.ts).
  '{{',
  '<%',
  '#{',
  '!{',
  '!=',
] as const;

function packageJson(file: SourceFile): FactInput[] | null {
  let json: unknown;
  try {
    json = JSON.parse(file.content);
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const deps: Record<string, string> = {};
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const block = (json as Record<string, unknown>)[field];
    if (!block || typeof block !== 'object') continue;
    for (const name of VERSIONED) {
      const v = (block as Record<string, unknown>)[name];
      if (typeof v === 'string') deps[name] = v;
    }
    for (const [name, v] of Object.entries(block)) if (typeof v === 'string' && DOCUMENT_DB.test(name)) deps[name] = v;
  }
  // Every manifest is recorded: it marks a package root (a global sanitiser covers only its own).
  return [packageFact(file.path, deps)];
}

/** What a view template prints raw or escaped, for `res.render` findings decided in link. */
function templateFacts(file: SourceFile): FactInput[] | null {
  const outputs = templateOutputs(file.path, file.content);
  if (outputs.raw.length === 0 && outputs.escaped.length === 0) return null;
  return [templateFact(file.path, outputs)];
}

function directive(parsed: ParsedJs, name: string): boolean {
  for (const s of parsed.program.body) {
    if (s.type !== 'ExpressionStatement' || !('directive' in s) || !s.directive) return false;
    if (s.directive === name) return true;
  }
  return false;
}

/** Browser-only code: React client components and service workers read no server requests. */
function clientOnly(file: SourceFile, parsed: ParsedJs): boolean {
  if (directive(parsed, 'use client')) return true;
  return /(?:^|\/)(?:sw|service-?worker|serviceWorker)\.[cm]?[jt]s$/.test(file.path) || file.content.includes('self.addEventListener(');
}

/**
 * The route of an exported handler: Next.js route files, and Astro endpoints (`src/pages/api/x.ts`
 * exporting `GET`), whose `pages/api` files Next.js would read as a default-export handler.
 */
function routeFor(path: string): ((exportName: string) => string | undefined) | undefined {
  const found = [nextRouteFor(path), astroRouteFor(path, ASTRO_PAGE_FN), kitRouteFor(path)].filter((f) => f !== undefined);
  if (found.length <= 1) return found[0];
  return (name) => found.map((f) => f(name)).find((r) => r !== undefined);
}

/** A server-rendered Astro page: its frontmatter, read as a handler of `Astro` (astro-frontmatter.ts). */
function astroPage(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  let fm: ReturnType<typeof astroFrontmatter>;
  try {
    fm = astroFrontmatter(file, ctx);
  } catch {
    return null;
  }
  if (!fm || !/Astro\.(request|params|url|cookies)/.test(fm.content)) return null;
  const analyzer = new Analyzer({ file: file.path, content: fm.content, parsed: fm.parsed, exportRoute: astroRouteFor(file.path, ASTRO_PAGE_FN), serverActions: false });
  const result = analyzer.run(fm.parsed.program);
  const facts: FactInput[] = [...result.sinks, ...internalFacts(file.path, result)];
  return facts.length ? facts : null;
}

/** `GET /api/users/:id` for a Nitro route file (`server/api/users/[id].get.ts`). */
function nitroRouteFor(path: string): string | undefined {
  const where = nitroFile(path);
  const route = where ? nitroRoute(where) : undefined;
  return route ? `${route.method} ${route.path}` : undefined;
}

export const extractor: Extractor = {
  id: 'js/taint',
  title: 'JavaScript/TypeScript taint analysis: request data reaching injection sinks',
  // Test and story files serve no requests, and route handlers do not call into them.
  matches: (path) => (isJsFile(path) && !isTestFile(path)) || path === 'package.json' || path.endsWith('/package.json') || isTemplateFile(path) || (isAstroFile(path) && path.includes('pages/')),
  signals: SIGNALS,
  extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
    if (isTemplateFile(file.path)) return templateFacts(file);
    if (isAstroFile(file.path)) return astroPage(file, ctx);
    if (!isJsFile(file.path)) return packageJson(file);
    let parsed: ParsedJs;
    try {
      parsed = parseJs(file, ctx);
    } catch {
      // The shared parser's failure is reported once by the extractors that own the file.
      return null;
    }
    if (clientOnly(file, parsed)) return null;
    const analyzer = new Analyzer({
      file: file.path,
      content: file.content,
      parsed,
      exportRoute: routeFor(file.path),
      fileRoute: nitroRouteFor(file.path),
      serverActions: directive(parsed, 'use server'),
      feathers: isFeathersModule(file.path, file.content),
    });
    const result = analyzer.run(parsed.program);
    const facts: FactInput[] = [...result.sinks, ...internalFacts(file.path, result), ...dtoFacts(file.path, file.content, parsed)];
    return facts.length ? facts : null;
  },
  link: linkTaint,
};
