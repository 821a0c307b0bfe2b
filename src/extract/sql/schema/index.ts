import { classifyFields } from '../../../model/classify.js';
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';

const CREATE_TABLE = /create\s+table\s+(?:if\s+not\s+exists\s+)?((?:[`"[]?[\w$]+[`"\]]?\.)?[`"[]?[\w$]+[`"\]]?)\s*\(/gi;
const NOT_A_COLUMN = /^(primary|foreign|unique|constraint|check|key|index|exclude)\b/i;

function unquote(name: string): string {
  return name.replace(/[`"[\]]/g, '').split('.').pop() ?? name;
}

/** The text between the parenthesis at `open` and its match (SQL strings and comments are rare in DDL column lists). */
function body(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

function columns(definition: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of definition) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map((p) => p.replace(/--.*$/gm, '').trim())
    .filter((p) => p && !NOT_A_COLUMN.test(p))
    .map((p) => unquote(p.split(/\s+/)[0]))
    .filter(Boolean);
}

/** SQL DDL (schema files, migrations): each CREATE TABLE becomes a data model with its columns classified. */
export const extractor: Extractor = {
  id: 'sql/schema',
  title: 'SQL schema (CREATE TABLE)',
  matches: (path) => /\.sql$/i.test(path),
  signals: ['CREATE TABLE', 'create table', 'Create Table', 'CREATE table'],
  extract(file) {
    const facts: FactInput[] = [];
    const lineOf = (offset: number) => file.content.slice(0, offset).split('\n').length;
    for (const match of file.content.matchAll(CREATE_TABLE)) {
      const name = unquote(match[1]);
      const fields = columns(body(file.content, match.index + match[0].length - 1));
      const { classification, categories } = classifyFields(fields);
      const line = lineOf(match.index);
      facts.push({
        kind: 'data-model',
        name,
        fields,
        library: 'sql',
        classification,
        categories,
        key: `${file.path}#table:${name}`,
        evidence: { file: file.path, line, snippet: file.content.split('\n')[line - 1]?.trim().slice(0, 160) },
      });
    }
    return facts.length > 0 ? facts : null;
  },
};
