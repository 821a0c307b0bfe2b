import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeText, sanitizeValue } from './sanitize.js';

const cases: [string, string][] = [
  ['plain text, "quotes"\tand\nnewlines', 'plain text, "quotes"\tand\nnewlines'],
  ['Uses A & B; x < y; <script>alert(1)</script>', 'Uses A &amp; B; x &lt; y; '],
  ['Validate input & escape output in List<String> handlers', 'Validate input &amp; escape output in List handlers'],
  ['a<b', 'a'],
  ['Map<K,V>', 'Map'],
  ['x &amp; y', 'x &amp; y'],
  ['&lt;tag&gt;', '&lt;tag&gt;'],
  ['a && b', 'a &amp;&amp; b'],
  ['x => y', 'x =&gt; y'],
  ['a <', 'a &lt;'],
  ['a<1', 'a&lt;1'],
  ['<b>bold</b> text', 'bold text'],
  ['<!-- note --> ok', ' ok'],
  ['a <!-- never closed', 'a '],
  ['<style>p{}</style>x', 'x'],
  ['<textarea>x<b>y</b></textarea>z', 'z'],
  ['<option>a<option>b</option>c', 'c'],
  ['<a title=">">x</a>', 'x'],
  ['&copy 2024 &#60; &#x3e; &foo;', '© 2024 &lt; &gt; &amp;foo;'],
];

test('the sanitiser emulation rewrites text as the importer does', () => {
  for (const [input, output] of cases) assert.equal(sanitizeText(input), output, input);
});

test('values are walked recursively; keys, numbers, booleans and null pass through', () => {
  assert.deepEqual(sanitizeValue({ 'a<b>': ['x & y', 1, true, null, { k: '<i>z</i>' }] }), { 'a<b>': ['x &amp; y', 1, true, null, { k: 'z' }] });
  const proto = sanitizeValue(JSON.parse('{"__proto__": "x"}')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.deepEqual(Object.keys(proto), ['__proto__']);
});
