import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, OutboundCallFact, SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/frontend', () => {
  it('records API calls as outbound calls with the path as target', () => {
    const { facts } = runExtractor(extractor, {
      'client/src/api.ts': `import axios from 'axios';
const api = axios.create({ baseURL: '/api' });
export const getUser = (id: string) => fetch(\`\${API_URL}/users/\${id}\`);
export const save = (o: object) => axios.post('/api/orders', o);
export const list = () => api.get('/products?page=1');
export const logo = () => fetch('/static/logo.png');
`,
    });
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(calls.map((c) => `${c.library} ${c.target}`), ['fetch /users/{id}', 'axios /api/orders', 'axios /products']);
    assert.ok(calls.every((c) => c.tainted === false));
  });

  it('keeps the scheme of absolute API URLs', () => {
    const { facts } = runExtractor(extractor, {
      'app/page.tsx': `export default async function Page() {
  const a = await fetch('https://api.github.com/repos/x/y');
  const b = await fetch('http://legacy.example.com/feed');
  return null;
}
`,
    });
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(calls.map((c) => `${c.protocol} ${c.target}`), ['https api.github.com', 'http legacy.example.com']);
  });

  it('finds tokens in Web Storage and unescaped HTML in React, Angular and Vue', () => {
    const { facts } = runExtractor(extractor, {
      'src/App.jsx': `export function App({ html }) {
  localStorage.setItem('jwt', token);
  localStorage.setItem('lang', 'en');
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
export const Safe = () => <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(x) }} />;
`,
      'src/app/x.component.ts': `import { Component } from '@angular/core';
export class X { constructor(s) { this.h = s.bypassSecurityTrustHtml(this.input); } }
`,
      'src/components/Post.vue': `<template>
  <div v-html="post.body"></div>
</template>
<script setup lang="ts">
sessionStorage.setItem('access_token', t)
</script>
`,
    });
    const storage = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'client-storage');
    assert.deepEqual(storage.map((f) => `${f.evidence.file}:${f.evidence.line}:${f.values.key}`), ['src/App.jsx:2:jwt', 'src/components/Post.vue:5:access_token']);
    const sinks = facts.filter((f): f is SinkFact => f.kind === 'sink');
    assert.deepEqual(sinks.map((s) => `${s.api}@${s.evidence.file}:${s.evidence.line}`).sort(), ['bypassSecurityTrustHtml@src/app/x.component.ts:2', 'dangerouslySetInnerHTML@src/App.jsx:4', 'v-html@src/components/Post.vue:2']);
    assert.ok(sinks.every((s) => s.sink === 'html'));
  });

  it('leaves server code alone', () => {
    const { facts } = runExtractor(extractor, { 'server/routes.js': `const express = require('express'); fetch('/api/x');` });
    assert.equal(facts.length, 0);
  });
});
