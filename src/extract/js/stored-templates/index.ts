// Templates compiled from stored records: `ejs.render(templateNote.getContent(), …)` where the note
// was just read from the application's store. Template engines that run code (ejs, pug, lodash
// templates…) then run whatever the record's author wrote, on the server: whoever can write that
// record (another user, an API token, a compromised account) gets code execution. Request data
// compiled directly is the taint rule's (server-side-template-injection); this is the stored hop.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, jsIndex, memberPath, unwrap, unwrapAwait, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import type { Extractor } from '../../types.js';

/** Engines whose templates are code: compiling one runs what it says. */
const ENGINES = new Set([
  'ejs.render', 'ejs.compile', 'pug.render', 'pug.compile', 'jade.render', 'jade.compile',
  'lodash.template', 'lodash/template', 'underscore.template', 'nunjucks.renderString', 'nunjucks.compile',
]);
const ENGINE_MODULE = /['"](ejs|pug|jade|lodash|lodash\/template|lodash\.template|underscore|nunjucks)['"]/;
/** What a record's template text is called: `getContent()`, `.content`, `.body`, `.template`, `.source`, `.html`. */
const CONTENT = /^(get|read|load)?_?(content|body|template|source|html|markup|text|code)$/i;
/** Reads of a record: `shaca.getNote(id)`, `Template.findOne(…)`, `db.get(…)`, `repo.findById(…)`. */
const READ = /^(get|find|fetch|load|query|select|first|retrieve)[A-Z_]?\w*$/;
/** Reads from disk or the process, not from a store. */
const NOT_STORE = /^(fs|path|process|os|require)\b|readFile|import/;

/** The record a template text is read from: `note` in `note.getContent()` / `note.content`, resolved through one `const`. */
function recordOf(arg: AstNode, index: JsIndex, depth = 0): { record: AstNode; read: CallLike } | undefined {
  let n = unwrapAwait(arg);
  if (!n || depth > 2) return undefined;
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return init ? recordOf(init, index, depth + 1) : undefined;
  }
  let holder: AstNode | undefined;
  if (n.type === 'CallExpression' && n.arguments.length === 0 && CONTENT.test(calleeProperty(n) ?? '')) {
    const callee = unwrap(n.callee as AstNode);
    holder = callee.type === 'MemberExpression' ? (callee.object as AstNode) : undefined;
  } else if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    if (path && path.length >= 2 && CONTENT.test(path[path.length - 1])) holder = n.object as AstNode;
  }
  n = unwrapAwait(holder);
  if (!n || n.type !== 'Identifier') return undefined;
  const init = unwrapAwait(index.initAt(n.name, n));
  if (!init || init.type !== 'CallExpression') return undefined;
  const name = index.resolvedCallee(init) ?? '';
  if (!READ.test(calleeProperty(init) ?? '') || NOT_STORE.test(name)) return undefined;
  return { record: n, read: init };
}

export function storedTemplateFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const c of index.nodesOf('CallExpression')) {
    const engine = index.resolvedCallee(c);
    if (!engine || !ENGINES.has(engine) || c.arguments.length === 0) continue;
    const found = recordOf(c.arguments[0] as AstNode, index);
    if (!found) continue;
    out.push({
      kind: 'config',
      setting: 'stored-template-compiled',
      values: {
        engine,
        template: index.text(c.arguments[0] as AstNode).slice(0, 120),
        read: index.text(found.read).split('\n')[0].slice(0, 120),
        readLine: index.line(found.read),
      },
      summary: `${engine} compiles a template read from a stored record (${index.text(found.read).slice(0, 60)})`,
      evidence: index.evidence(c as AstNode),
      key: `${index.file}#config:stored-template-compiled:${index.enclosingFunctionName(c as AstNode)}:${engine}`,
    });
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/stored-templates',
  title: 'Code-running templates (ejs, pug, lodash) compiled from records read from the store',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['ejs', 'pug', 'jade', 'lodash', 'underscore', 'nunjucks'],
  extract(file, ctx) {
    // The engine's module is imported by name and one of its compiling calls is written.
    if (!ENGINE_MODULE.test(file.content) || !/\.(render|compile|template|renderString)\(|\btemplate\(/.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    const facts = storedTemplateFacts(index);
    return facts.length > 0 ? facts : null;
  },
};
