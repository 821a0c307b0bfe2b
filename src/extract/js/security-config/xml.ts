// XML parsers told to substitute entities or load external DTDs, which is what an XXE attack needs:
// libxmljs / libxmljs2 `noent: true` / `dtdload: true` options, and the libxml2 parse flags
// (`XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, as libxml2-wasm and other bindings name them) wherever
// the code sets them, even when the parse itself happens out of sight (in a `vm` script, a wrapper).
import type { FactInput } from '../../../model/types.js';
import { literalValue, objectProp, resolveObject, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact } from './common.js';

const FLAGS = new Map([
  ['XML_PARSE_NOENT', 'entity substitution'],
  ['XML_PARSE_DTDLOAD', 'external DTD loading'],
]);

const LIBXMLJS = /^(libxmljs2?)\.(parseXml|parseXmlString|parseXmlAsync|Document\.fromXml|parseHtml|parseHtmlString)$/;

export function xmlFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const lines = new Set<number>();
  const add = (at: AstNode, library: string, option: string): void => {
    const line = index.line(at);
    if (lines.has(line)) return;
    lines.add(line);
    out.push(configFact(index, at, 'xml-parser', { library, option, external: true }, `${library} XML parsing with ${FLAGS.get(option) ?? option}`, `${library}:${line}`));
  };
  for (const call of index.nodesOf('CallExpression')) {
    const m = LIBXMLJS.exec(index.resolvedCallee(call) ?? '');
    if (!m) continue;
    const opts = resolveObject(call.arguments[1] as AstNode | undefined, index);
    for (const option of ['noent', 'dtdload']) {
      if (literalValue(objectProp(opts, option), index) === true) add(call, m[1], option === 'noent' ? 'XML_PARSE_NOENT' : 'XML_PARSE_DTDLOAD');
    }
  }
  for (const member of index.nodesOf('MemberExpression')) {
    const property = member.property;
    if (member.computed || property.type !== 'Identifier' || !FLAGS.has(property.name)) continue;
    // `options & ~XML_PARSE_NOENT` clears the flag.
    const parent = index.parent(member);
    if (parent?.type === 'UnaryExpression' && parent.operator === '~') continue;
    add(member, 'libxml2', property.name);
  }
  return out;
}
