// Single-page-application code (React, Vue, Angular, Svelte): calls to the backend API
// (fetch/axios/HttpClient/jQuery) as outbound-call facts with the API path as target, tokens kept
// in Web Storage, and HTML rendered without escaping (dangerouslySetInnerHTML, v-html, {@html},
// bypassSecurityTrust*) as `html` sink facts.
import type { FactInput } from '../../../model/types.js';
import { jsIndex, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { calleeEnd, objectEnd, stringEnd } from '../_lib/signal-words.js';
import { apiCallFacts } from './api-calls.js';
import { htmlSinkFacts } from './html.js';
import { isSfc, sfcIndex, templateHtmlSinks } from './sfc.js';
import { storageFacts } from './storage.js';

const FRONTEND_MODULES = ['react', 'react-dom', 'react-dom/client', 'vue', '@angular/core', '@angular/common/http', 'svelte', 'preact', 'next/router', 'next/navigation', 'next/link', '@remix-run/react', 'solid-js', 'jquery', 'react-router-dom', 'vue-router', 'pinia', 'vuex', 'redux', '@reduxjs/toolkit'];
const FRONTEND_PATH = /(^|\/)(client|frontend|front-end|web|web-?app|webui|ui|spa|public|static|www|browser)\//;
/** Browser-only globals: a module that touches them runs in the browser whatever its folder. */
const BROWSER_GLOBALS = /\b(localStorage|sessionStorage|document\.(cookie|getElementById|querySelector)|window\.location)\b/;
const SERVER_PATH = /(^|\/)pages\/api\/|(^|\/)app\/(.*\/)?route\.[jt]s$|(^|\/)(server|backend|api)\//;

/**
 * Every fact needs one of these in the text (whether a file is a front-end may come from its path
 * alone, so the facts' own names are the signals). API calls: `fetch` (`fetch`, `window.fetch`,
 * `node-fetch`), `axios` (also what `axios.create` instances need), ky called or imported, an
 * `http`, `_http` or `$http` object or `httpClient`, jQuery's `$` or `jQuery` as an object, and
 * superagent imported. Storage: `localStorage` / `sessionStorage` in the member chain. HTML sinks:
 * `dangerouslySetInnerHTML`, `bypassSecurityTrust*`, `v-html`, `{@html`.
 */
const SIGNALS = [
  'fetch',
  'axios',
  ...calleeEnd('ky'),
  ...stringEnd('ky'),
  ...objectEnd('http'),
  // `this['http']`
  ...stringEnd('http'),
  'httpClient',
  ...objectEnd('$'),
  'jQuery',
  'superagent',
  'localStorage',
  'sessionStorage',
  'dangerouslySetInnerHTML',
  'bypassSecurityTrust',
  'v-html',
  '{@html',
];

export function isFrontend(path: string, index: JsIndex): boolean {
  if (SERVER_PATH.test(path)) return false;
  if (isSfc(path) || /\.[jt]sx$/.test(path)) return true;
  return index.imports(...FRONTEND_MODULES) || FRONTEND_PATH.test(path) || BROWSER_GLOBALS.test(index.content);
}

function indexOf(file: SourceFile, ctx: ExtractContext): JsIndex {
  return isSfc(file.path) ? sfcIndex(file, ctx) : jsIndex(file, ctx);
}

export const extractor: Extractor = {
  id: 'js/frontend',
  title: 'Browser front-ends (React, Vue, Angular, Svelte): API calls, tokens in Web Storage, unescaped HTML',
  matches: (path) => (isJsFile(path) || isSfc(path)) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    const index = indexOf(file, ctx);
    if (!isFrontend(file.path, index)) return null;
    const facts: FactInput[] = [...apiCallFacts(index), ...storageFacts(index), ...htmlSinkFacts(index)];
    if (isSfc(file.path)) {
      for (const s of templateHtmlSinks(file.content)) {
        facts.push({ kind: 'sink', sink: 'html', api: s.api, tainted: false, source: s.expr, evidence: { file: file.path, line: s.line, snippet: s.text.slice(0, 200) }, key: `${file.path}#sink:html:${s.api}:${s.expr}` });
      }
    }
    return facts.length > 0 ? facts : null;
  },
};
