import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mdCode, mdTable, mdText } from './markdown.js';

test('mdText keeps table cells whole and neutralises markup', () => {
  assert.equal(mdText('a|b'), 'a\\|b');
  assert.equal(mdText('<script>x</script> & *y*'), '&lt;script&gt;x&lt;/script&gt; &amp; \\*y\\*');
  assert.equal(mdText('C:\\path'), 'C:\\\\path');
  const table = mdTable(['h'], [[mdText('x|y')]]);
  assert.equal(table.split('\n')[2], '| x\\|y |');
});

test('mdCode picks a fence longer than any backtick run inside', () => {
  assert.equal(mdCode('a`b'), '``a`b``');
  assert.equal(mdCode('`x`'), '`` `x` ``');
});
