import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { estimateYamlDepth, MAX_YAML_DEPTH } from './yaml-depth.js';

describe('estimateYamlDepth', () => {
  it('stays small for ordinary YAML', () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          ports: [{ containerPort: 80 }]',
      '          env:',
      '            - { name: A, value: "[not, nesting" }',
      'description: |',
      '  text with [brackets] and {braces}',
      '',
    ].join('\n');
    const depth = estimateYamlDepth(manifest);
    assert.ok(depth >= 6 && depth < 20, String(depth));
  });

  it('never under-estimates the real nesting', () => {
    for (const [text, real] of [
      [`${'- '.repeat(50)}x`, 50],
      [`${'['.repeat(50)}${']'.repeat(50)}`, 50],
      [`${'{a: '.repeat(50)}1${'}'.repeat(50)}`, 50],
      [Array.from({ length: 50 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 50],
    ] as const) {
      assert.ok(estimateYamlDepth(text) >= real, text.slice(0, 20));
      assert.equal(parseDocument(text).errors.length, 0);
    }
  });

  it('flags the nesting that overflows the yaml parser', () => {
    assert.ok(estimateYamlDepth(`${'- '.repeat(1000)}x`) > MAX_YAML_DEPTH);
    assert.ok(estimateYamlDepth('['.repeat(1000)) > MAX_YAML_DEPTH);
  });
});
