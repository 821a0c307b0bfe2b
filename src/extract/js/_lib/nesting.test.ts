import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nestsDeeperThan } from './nesting.js';

const nest = (n: number, open = '(', close = ')') => `${open.repeat(n)}1${close.repeat(n)}`;

describe('extract/js/_lib/nesting', () => {
  it('tells nesting past the limit from nesting within it', () => {
    assert.equal(nestsDeeperThan(`const a = ${nest(30)};`, 20), true);
    assert.equal(nestsDeeperThan(`const a = ${nest(20)};`, 20), false);
    assert.equal(nestsDeeperThan(`x = ${'{a:'.repeat(25)}1${'}'.repeat(25)}`, 20), true);
    assert.equal(nestsDeeperThan(`x = ${'f(['.repeat(11)}${'])'.repeat(11)}`, 20), true);
  });

  it('does not count brackets in strings, comments, template text or regular expressions', () => {
    const pad = ' '.repeat(100);
    assert.equal(nestsDeeperThan(`a = "${'('.repeat(50)}"; b = '${'['.repeat(50)}';${pad}`, 20), false);
    assert.equal(nestsDeeperThan(`// ${'('.repeat(50)}\n/* ${'{'.repeat(50)} */ a = 1;${pad}`, 20), false);
    assert.equal(nestsDeeperThan(`a = \`${'('.repeat(50)}\`;${pad}`, 20), false);
    assert.equal(nestsDeeperThan(`a = /${'\\('.repeat(50)}[(]/g.test(s);${pad}`, 20), false);
    // A division is not a regular expression: the brackets after it count.
    assert.equal(nestsDeeperThan(`a = b / c / ${nest(30)};${pad}`, 20), true);
  });

  it('hides no depth behind closing brackets in strings, and counts template substitutions', () => {
    const pad = ' '.repeat(100);
    assert.equal(nestsDeeperThan(`a = ${'("))")'.repeat(3)}${nest(25)}${pad}`, 20), true);
    assert.equal(nestsDeeperThan(`a = \`${'${`'.repeat(25)}x${'`}'.repeat(25)}\`;${pad}`, 20), true);
    assert.equal(nestsDeeperThan(`a = \`\${b}\${ {c: 1}.c } t\`; ${nest(15)}${pad}`, 20), false);
  });

  it('skips short files without scanning', () => {
    assert.equal(nestsDeeperThan(nest(30), 1500), false);
  });

  it('scans only files with more opening brackets than the limit, and finds depth among many shallow ones', () => {
    const shallow = 'f(a[0], {b: 1});\n'.repeat(10);
    assert.equal(nestsDeeperThan(`${shallow}${' '.repeat(100)}`, 20), false, '30 opening brackets, depth 2');
    assert.equal(nestsDeeperThan(`${shallow}${nest(21, '[', ']')}`, 20), true);
    assert.equal(nestsDeeperThan(`${nest(21, '{', '}')}${' '.repeat(100)}`, 20), true, 'exactly one past the limit');
  });
});
