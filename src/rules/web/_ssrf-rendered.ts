// What the ssrf rule says about headless browsers and HTML-to-PDF converters (js/taint
// `browserSinks`): request data in the markup they render, or in the query of a page of the server
// itself that they load, which matters only where that page prints the data unescaped.
import { MARKUP_SINK } from '../../extract/js/_lib/taint-sinks.js';
import { at, reachedEntryPoints } from '../../extract/js/_lib/taint-report.js';
import { SELF_PAGE_SINK, type SinkFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';

/** Browsers and converters loading a URL. */
const HEADLESS_API = /(?:^|\.)(?:goto|open)$|^(?:html-pdf-node|wkhtmltopdf)\b/;

export const isMarkup = (f: SinkFact): boolean => f.api.endsWith(MARKUP_SINK);
export const isSelfPage = (f: SinkFact): boolean => f.api.includes(SELF_PAGE_SINK);
export const loadsUrl = (f: SinkFact): boolean => HEADLESS_API.test(f.api);

/** `page.goto page /ticket` → the browser call and the page's path. */
function selfPage(f: SinkFact): { api: string; page: string } {
  const i = f.api.indexOf(SELF_PAGE_SINK);
  return { api: f.api.slice(0, i), page: f.api.slice(i + SELF_PAGE_SINK.length) };
}

const renderer = (f: SinkFact): string => f.api.slice(0, -MARKUP_SINK.length);

/**
 * Paths of GET routes open to anyone (the headless browser holds no session) whose handler prints
 * request data unescaped into HTML (reflected-xss's `html` sinks), to the first such sink.
 */
export function reflectingPages(ctx: RuleContext): Map<string, SinkFact> {
  const out = new Map<string, SinkFact>();
  if (!ctx.factsOf('sink').some((f) => f.sink === 'ssrf' && f.tainted && isSelfPage(f))) return out;
  for (const f of ctx.factsOf('sink')) {
    if (f.sink !== 'html' || !f.tainted || f.extractor === 'js/frontend') continue;
    for (const ep of reachedEntryPoints(ctx, f)) {
      if (ep.kind !== 'http' || ep.method !== 'GET' || !ep.path || (ep.auth !== 'none' && ep.auth !== 'unknown')) continue;
      if (!out.has(ep.path)) out.set(ep.path, f);
    }
  }
  return out;
}

/** The reflecting sink of the page a self-page fact loads: the same path, or one parameter after a prefix (`/invoice/` → `/invoice/:id`). */
export function reflectorOf(f: SinkFact, pages: Map<string, SinkFact>): SinkFact | undefined {
  const { page } = selfPage(f);
  const exact = pages.get(page) ?? pages.get(page.replace(/(.)\/$/, '$1'));
  if (exact || !page.endsWith('/')) return exact;
  for (const [path, sink] of pages) if (path.startsWith(page) && /^[:{][\w}]+$/.test(path.slice(page.length))) return sink;
  return undefined;
}

/** Placeholders of a finding: the title's `via`, the description's `what`, the threat action. */
export function findingText(f: SinkFact, pages: Map<string, SinkFact>): Record<string, string> {
  if (isSelfPage(f)) {
    const { api, page } = selfPage(f);
    const shown = reflectorOf(f, pages);
    return {
      api,
      via: 'through HTML rendered from request data',
      what: `Request data is passed in the query of ${page}, a page of this server that prints it unescaped${shown ? ` (${at(shown)})` : ''}, and ${api} renders that page in a headless browser on the server, which fetches any iframe, img or script tag injected there (file: URLs included)`,
      action: `inject tags through ${page}, which ${api} renders, that load internal or file: URLs`,
    };
  }
  if (isMarkup(f)) {
    const api = renderer(f);
    return {
      api,
      via: 'through HTML rendered from request data',
      what: `Request data is placed unescaped in HTML that ${api} renders in a headless browser on the server, which fetches any iframe, img or script tag injected there (file: URLs included)`,
      action: `inject tags into the HTML ${api} renders that load internal or file: URLs`,
    };
  }
  return {
    via: 'from request data',
    what: 'The scheme or host of an outbound HTTP request is taken from request data',
    action: `point the request made by ${f.api} at internal hosts`,
  };
}

const BLOCK = "block the headless browser's requests to internal, link-local and file: URLs (request interception or a sandboxed network)";

/** The change for a headless-browser finding; undefined for other requests. */
export function renderedRemediation(f: SinkFact, pages: Map<string, SinkFact>): string | undefined {
  if (isSelfPage(f)) {
    const { api, page } = selfPage(f);
    const shown = reflectorOf(f, pages);
    return `At ${shown ? at(shown) : at(f)}, escape what ${page} prints of the request (an escaping template output, escapeHtml), and ${BLOCK} for ${api}.`;
  }
  if (isMarkup(f)) return `At ${at(f)}, escape or sanitise ${f.source} (escapeHtml, DOMPurify, sanitize-html) before ${renderer(f)} renders it, and ${BLOCK}.`;
  if (loadsUrl(f)) return `At ${at(f)}, check new URL(url).protocol and hostname against an allow-list before ${f.api} loads it, and ${BLOCK}.`;
  return undefined;
}
