import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyValues, parseDockerfile, splitWords, substitute } from './parse.js';

describe('extract/iac/dockerfile/parse', () => {
  test('directives, comments, continuations and line numbers', () => {
    const parsed = parseDockerfile(
      ['# syntax=docker/dockerfile:1', '# escape=`', '', 'FROM alpine:3.20', '# comment', 'RUN apk add `', '    # dropped', '    curl', 'CMD ["sh"]'].join('\n'),
    );
    assert.deepEqual(parsed.directives, { syntax: 'docker/dockerfile:1', escape: '`' });
    assert.equal(parsed.escape, '`');
    assert.deepEqual(
      parsed.instructions.map((i) => [i.keyword, i.line, i.endLine]),
      [
        ['FROM', 4, 4],
        ['RUN', 6, 8],
        ['CMD', 9, 9],
      ],
    );
    assert.equal(parsed.instructions[1].args, 'apk add     curl');
    assert.deepEqual(parsed.instructions[2].json, ['sh']);
  });

  test('a directive after the first instruction is a comment', () => {
    const parsed = parseDockerfile('FROM alpine\n# escape=`\nRUN echo \\\n  hi');
    assert.equal(parsed.escape, '\\');
    assert.equal(parsed.instructions[1].args, 'echo   hi');
  });

  test('heredocs are read and skipped', () => {
    const parsed = parseDockerfile(['FROM debian', 'RUN <<EOF', 'FROM evil', 'EOF', 'COPY <<-"END" /etc/x', '\tUSER root', '\tEND', 'USER app'].join('\n'));
    assert.deepEqual(
      parsed.instructions.map((i) => [i.keyword, i.line, i.endLine]),
      [
        ['FROM', 1, 1],
        ['RUN', 2, 4],
        ['COPY', 5, 7],
        ['USER', 8, 8],
      ],
    );
    assert.equal(parsed.instructions[1].heredocs[0].body, 'FROM evil');
    assert.equal(parsed.instructions[2].heredocs[0].body, 'USER root');
  });

  test('flags', () => {
    const [from, copy] = parseDockerfile('FROM --platform=$BUILDPLATFORM node:20 AS build\nCOPY --from=build --chown=app:app /a /b').instructions;
    assert.deepEqual(from.flags, { platform: '$BUILDPLATFORM' });
    assert.equal(from.args, 'node:20 AS build');
    assert.deepEqual(copy.flags, { from: 'build', chown: 'app:app' });
  });

  test('words, pairs and substitution', () => {
    assert.deepEqual(splitWords(`a "b c" 'd e' f\\ g`), ['a', 'b c', 'd e', 'f g']);
    assert.deepEqual(keyValues('A=1 B="two words"', '\\', true), [
      { name: 'A', value: '1' },
      { name: 'B', value: 'two words' },
    ]);
    assert.deepEqual(keyValues('LEGACY some value', '\\', true), [{ name: 'LEGACY', value: 'some value' }]);
    assert.deepEqual(keyValues('A B=2', '\\', false), [
      { name: 'A', value: undefined },
      { name: 'B', value: '2' },
    ]);
    const vars = new Map([['V', '20']]);
    assert.deepEqual(substitute('node:${V}-alpine', vars), { value: 'node:20-alpine', resolved: true });
    assert.deepEqual(substitute('node:${MISSING:-18}', vars), { value: 'node:18', resolved: true });
    assert.deepEqual(substitute('$MISSING', vars), { value: '', resolved: false });
  });

  test('never throws on garbage', () => {
    assert.doesNotThrow(() => parseDockerfile('\\\n\\\n<<EOF\n["x"\n\u0000'));
  });
});
