import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBlocks, scalarMap, splitSpecList, splitYarnClassicLine, unquote } from './blocks.js';
import { scanJsonKeyLines, topLevelKeyLines } from './json-lines.js';
import { isLocalSpec, resolveAlias, splitNameRange } from './npm-spec.js';
import { isExactVersion, npmPurl, purlFor, splitNpmName } from './purl.js';
import { redactUrlCredentials } from './redact.js';
import { strongerScope } from './scope.js';

test('npm purls: scope encoded, lowercase, versions encoded', () => {
  assert.equal(npmPurl('@babel/core', '7.24.0'), 'pkg:npm/%40babel/core@7.24.0');
  assert.equal(npmPurl('express', '4.18.2'), 'pkg:npm/express@4.18.2');
  assert.equal(npmPurl('JSONStream', '1.3.5'), 'pkg:npm/jsonstream@1.3.5');
  assert.equal(npmPurl('left-pad'), 'pkg:npm/left-pad');
  assert.equal(npmPurl('x', '1.0.0-rc.1+build.5'), 'pkg:npm/x@1.0.0-rc.1%2Bbuild.5');
  assert.deepEqual(splitNpmName('@types/node'), { scope: '@types', name: 'node' });
  assert.deepEqual(splitNpmName('lodash'), { name: 'lodash' });
});

test('purls for other ecosystems', () => {
  assert.equal(purlFor('pypi', 'Django_REST.framework', '3.15.1'), 'pkg:pypi/django-rest-framework@3.15.1');
  assert.equal(purlFor('maven', 'org.apache.logging.log4j:log4j-core', '2.14.1'), 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
  assert.equal(purlFor('go', 'github.com/gin-gonic/gin', 'v1.9.1'), 'pkg:golang/github.com/gin-gonic/gin@v1.9.1');
  assert.equal(purlFor('npm', '@a/b', '^1.0.0'), 'pkg:npm/%40a/b');
  assert.equal(purlFor('something-new', 'thing', '1.0'), 'pkg:generic/thing@1.0');
});

test('exact versions versus ranges', () => {
  for (const v of ['1.2.3', '0.0.1-alpha.0', '1.0.0+build', 'v2.1.0', '2024.1']) assert.equal(isExactVersion(v), true, v);
  for (const v of ['^1.2.3', '~1', '>=2 <3', '1.x', '1.2.*', '*', 'latest', 'git+https://x/y.git#v1', '', '1.2.3 || 2']) {
    assert.equal(isExactVersion(v), false, v);
  }
});

test('credentials are redacted from URLs, ssh git users kept', () => {
  assert.equal(redactUrlCredentials('git+https://bot:ghp_abc@github.com/a/b.git#v1'), 'git+https://****@github.com/a/b.git#v1');
  assert.equal(redactUrlCredentials('https://npm_TOKEN@registry.example.com/x.tgz'), 'https://****@registry.example.com/x.tgz');
  assert.equal(redactUrlCredentials('git+ssh://git@github.com/a/b.git'), 'git+ssh://git@github.com/a/b.git');
  assert.equal(redactUrlCredentials('https://h/x.tgz?token=abc&v=1'), 'https://h/x.tgz?token=****&v=1');
  assert.equal(redactUrlCredentials('^1.2.3'), '^1.2.3');
  assert.equal(redactUrlCredentials('npm:string-width@^4.2.0'), 'npm:string-width@^4.2.0');
});

test('npm specs: names, aliases, local protocols', () => {
  assert.deepEqual(splitNameRange('@babel/core@^7.0.0'), { name: '@babel/core', range: '^7.0.0' });
  assert.deepEqual(splitNameRange('a@npm:b@^1'), { name: 'a', range: 'npm:b@^1' });
  assert.equal(splitNameRange('@scope-only'), undefined);
  assert.deepEqual(resolveAlias('sw', 'npm:string-width@^4.2.0'), { name: 'string-width', range: '^4.2.0' });
  assert.deepEqual(resolveAlias('sw', 'npm:@scope/sw@1.0.0'), { name: '@scope/sw', range: '1.0.0' });
  assert.deepEqual(resolveAlias('sw', 'npm:string-width'), { name: 'string-width', range: '*' });
  assert.deepEqual(resolveAlias('x', '^1'), { name: 'x', range: '^1' });
  for (const s of ['workspace:*', 'link:../a', 'file:../b', 'portal:./c', './d', '../e']) assert.equal(isLocalSpec(s), true, s);
  assert.equal(isLocalSpec('github:user/repo'), false);
});

test('scopes: prod beats peer beats optional beats dev; unknown loses', () => {
  assert.equal(strongerScope('dev', 'prod'), 'prod');
  assert.equal(strongerScope('optional', 'dev'), 'optional');
  assert.equal(strongerScope('peer', 'optional'), 'peer');
  assert.equal(strongerScope(undefined, 'dev'), 'dev');
  assert.equal(strongerScope(undefined, undefined), undefined);
});

test('JSON key lines: nesting, escapes, braces inside strings, minified input', () => {
  const text = '{\n  "a": {\n    "b\\"q": "x{y}[z]",\n    "c": [ {"d": 1} ]\n  },\n  "e": "\\\\"\n}\n';
  const seen: string[] = [];
  scanJsonKeyLines(text, (parents, key, line) => seen.push(`${[...parents, key].join('.')}:${line}`));
  assert.deepEqual(seen, ['a:2', 'a.b"q:3', 'a.c:4', 'a.c.[].d:4', 'e:6']);
  const { top, nested } = topLevelKeyLines('{"name":"x","dependencies":{"a":"1"}}');
  assert.equal(top.get('name'), 1);
  assert.equal(nested.get('dependencies')?.get('a'), 1);
});

test('blocks: YAML subset with quoting, flow values, comments, sequences and depth limits', () => {
  const yaml = [
    '# comment',
    "lockfileVersion: '9.0'",
    '',
    'packages:',
    "  '@a/b@1.0.0':",
    '    resolution: {integrity: sha512-x}',
    '    version: 1.10',
    '    os:',
    '      - darwin',
    '  "c@npm:^2, c@npm:^2.1":',
    "    note: 'it''s'",
    '    escaped: "tab\\there"',
    'after: 1',
  ].join('\n');
  const root = parseBlocks(yaml);
  assert.equal(root.get('lockfileVersion')?.value, '9.0');
  const pkgs = root.get('packages')?.children;
  assert.equal(pkgs?.get('@a/b@1.0.0')?.line, 5);
  assert.equal(pkgs?.get('@a/b@1.0.0')?.children?.get('resolution')?.value, '{integrity: sha512-x}');
  assert.equal(pkgs?.get('@a/b@1.0.0')?.children?.get('version')?.value, '1.10');
  assert.deepEqual(splitSpecList('c@npm:^2, c@npm:^2.1'), ['c@npm:^2', 'c@npm:^2.1']);
  assert.deepEqual(Object.fromEntries(scalarMap(pkgs?.get('c@npm:^2, c@npm:^2.1'))), { note: "it's", escaped: 'tab\there' });
  assert.equal(root.get('after')?.line, 13);
  const shallow = parseBlocks(yaml, undefined, 1);
  assert.equal(shallow.get('packages')?.children?.get('@a/b@1.0.0')?.children?.size, 0);
  assert.equal(shallow.get('after')?.value, '1');
});

test('blocks: yarn classic lines', () => {
  assert.deepEqual(splitYarnClassicLine('"@a/b@^1", c@^2:', 0), { key: '"@a/b@^1", c@^2' });
  assert.deepEqual(splitYarnClassicLine('version "1.2.3"', 2), { key: 'version', value: '1.2.3' });
  assert.deepEqual(splitYarnClassicLine('integrity sha512-abc==', 2), { key: 'integrity', value: 'sha512-abc==' });
  assert.deepEqual(splitYarnClassicLine('"@babel/highlight" "^7.22.13"', 4), { key: '@babel/highlight', value: '^7.22.13' });
  assert.deepEqual(splitYarnClassicLine('dependencies:', 2), { key: 'dependencies' });
  assert.equal(splitYarnClassicLine('lonely', 2), null);
  assert.deepEqual(splitSpecList('"@a/b@^1", "@a/b@^1.2"'), ['@a/b@^1', '@a/b@^1.2']);
  assert.equal(unquote('  "x\\"y"  '), 'x"y');
});
