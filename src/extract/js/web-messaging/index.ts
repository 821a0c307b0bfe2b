// js/web-messaging: cross-window messaging in browser code (`window.postMessage`). A `message`
// listener that never asks where a message came from lets any page that can open or frame the app
// drive what it does with the data; a credential posted to origin `*` goes to whichever page
// opened the window. Script files and the <script> blocks of HTML views and templates are read.
import type { FactInput } from '../../../model/types.js';
import { jsIndex, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { isSfc, sfcIndex } from '../frontend/sfc.js';
import { isMarkupFile, markupScriptIndex } from './markup.js';
import { listenerFacts, broadcastFacts } from './messages.js';

function indexOf(file: SourceFile, ctx: ExtractContext): JsIndex {
  if (isSfc(file.path)) return sfcIndex(file, ctx);
  return isMarkupFile(file.path) ? markupScriptIndex(file, ctx) : jsIndex(file, ctx);
}

export const extractor: Extractor = {
  id: 'js/web-messaging',
  title: 'Browser cross-window messaging: message listeners without an origin check, credentials posted to any origin',
  matches: (path) => (isJsFile(path) || isSfc(path) || isMarkupFile(path)) && !isTestFile(path),
  signals: ['postMessage', 'message'],
  extract(file, ctx) {
    // `addEventListener('message'` / `onmessage` / `postMessage(`: one word or the other, cheaply.
    if (!file.content.includes('postMessage') && !/\bonmessage\b|['"`]message['"`]/.test(file.content)) return null;
    const index = indexOf(file, ctx);
    const facts: FactInput[] = [...listenerFacts(index), ...broadcastFacts(index)];
    return facts.length > 0 ? facts : null;
  },
};
