import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cell, demoteHeadings, safeMermaid, table } from './markdown.js';
import { sanitizeText } from './sanitize.js';
import { clip, plainField, safePath, safeText } from './text.js';

test('safeText leaves nothing for the sanitiser to rewrite', () => {
  const hostile = ['Map<K,V>', 'a && b', 'A&B', '<script>alert(1)</script>', 'x <= y >= z', 'a -> b => c <- d <-> e', 'List<Map<String, List<Integer>>>'];
  for (const text of hostile) {
    const safe = safeText(text);
    assert.equal(sanitizeText(safe), safe, text);
  }
  assert.equal(safeText('a && b'), 'a and b');
  assert.equal(safeText('A&B'), 'A and B');
  assert.equal(safeText('Map<K,V>'), 'Map‹K,V›');
  assert.equal(safeText('x <= y -> z'), 'x ≤ y → z');
  assert.equal(safeText('a <=> b <-> c'), 'a ↔ b ↔ c');
});

test('clip cuts at a word boundary, keeps surrogate pairs whole and respects the limit', () => {
  assert.equal(clip('short', 10), 'short');
  const long = 'word '.repeat(100);
  const cut = clip(long, 200);
  assert.ok(cut.length <= 200 && cut.endsWith('word…'), cut);
  const emoji = clip('x'.repeat(8) + '😀😀', 10);
  assert.ok(emoji.length <= 10 && !/[\ud800-\udbff]…$/.test(emoji), emoji);
  assert.equal(plainField('  many\n\nlines   here ', 200), 'many lines here');
  assert.equal(safePath('src/a&b<c>.ts'), 'src/a%26b%3Cc%3E.ts');
});

test('Markdown helpers: cells, tables, headings from H3, Mermaid without arrow heads', () => {
  assert.equal(cell('a | b\nc'), 'a \\| b c');
  assert.equal(table(['A'], [['1'], ['2'], ['3']], 2), '| A |\n| --- |\n| 1 |\n| 2 |\n\n…and 1 more.');
  assert.equal(demoteHeadings('# Top\n\n```\n# not a heading\n```\n## Sub'), '### Top\n\n```\n# not a heading\n```\n#### Sub');
  assert.equal(demoteHeadings('#### Deep\n###### Deeper'), '#### Deep\n###### Deeper');
  const mermaid = safeMermaid('flowchart LR\n  a -->|x & y| b\n  b -.-> c\n  c ==> d\n  d <--> e\n  e -- label --> f');
  assert.equal(mermaid, 'flowchart LR\n  a --o|x and y| b\n  b -.-o c\n  c ==o d\n  d o--o e\n  e -- label --o f');
  assert.equal(sanitizeText(mermaid), mermaid);
});
