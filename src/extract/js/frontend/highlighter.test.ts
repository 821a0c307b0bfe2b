// Markup a syntax highlighter made from code (shiki's codeToHtml, highlight.js, Prism) is escaped
// by the highlighter, so rendering it with dangerouslySetInnerHTML is no stored-XSS sink; markup
// fetched from the server and rendered as is still is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/frontend highlighter output', () => {
  it('skips dangerouslySetInnerHTML of highlighted code, keeps server markup', () => {
    const { facts } = runExtractor(extractor, {
      'src/ui/code.tsx': `'use client';
import { useEffect, useState } from 'react';
import { codeToHtml } from 'shiki';
async function highlight(code: string) {
  const highlighter = await getHighlighter();
  return highlighter.codeToHtml(code, { lang: 'ts', theme: 'github-light' });
}
export function Code({ code }: { code: string }) {
  const [html, setHtml] = useState('');
  useEffect(() => { codeToHtml(code, { lang: 'ts', theme: 'github-light' }).then((h) => setHtml(h)); }, [code]);
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
export function Snippet({ code }: { code: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => { highlight(code).then(setHtml); }, [code]);
  return html ? <code dangerouslySetInnerHTML={{ __html: html }} /> : null;
}
export function Bio({ id }: { id: string }) {
  const [bio, setBio] = useState('');
  useEffect(() => { fetch('/api/users/' + id).then((r) => r.text()).then((t) => setBio(t)); }, [id]);
  return <p dangerouslySetInnerHTML={{ __html: bio }} />;
}
`,
    });
    const sinks = facts.filter((f): f is SinkFact => f.kind === 'sink');
    assert.deepEqual(sinks.map((s) => s.evidence.line), [21], JSON.stringify(sinks.map((s) => [s.evidence.line, s.source])));
  });
});
