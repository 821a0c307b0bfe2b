import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function htmlSinks(files: Record<string, string>): string[] {
  const { facts } = runExtractor(extractor, files);
  return facts
    .filter((f): f is SinkFact => f.kind === 'sink' && f.sink === 'html')
    .map((f) => `${f.evidence.line} ${f.tainted ? 'tainted' : 'clean'} ${f.source}`)
    .sort();
}

describe('extract/js/frontend: where HTML-rendered values come from', () => {
  it('follows Angular route parameters and service data through fields, loops and methods', () => {
    const sinks = htmlSinks({
      'src/app/list.component.ts': `import { Component } from '@angular/core';
export class ListComponent {
  rows: any[] = [];
  constructor(private route: ActivatedRoute, private itemService: ItemService, private sanitizer: DomSanitizer) {}
  load() {
    this.itemService.find().subscribe({ next: (items) => { this.rows = items; this.trust(items); } });
    const term = this.route.snapshot.queryParams.q;
    this.title = this.sanitizer.bypassSecurityTrustHtml('<b>' + term + '</b>');
  }
  trust(list: any[]) {
    for (const row of this.rows) row.label = this.sanitizer.bypassSecurityTrustHtml(row.label);
    list[0].note = this.sanitizer.bypassSecurityTrustHtml(list[0].note);
  }
}
`,
    });
    assert.deepEqual(sinks, [
      '11 clean server data: this.itemService.find()',
      '12 clean server data: this.itemService.find()',
      '8 tainted page URL: this.route.snapshot.queryParams.q',
    ]);
  });

  it('follows React state set from an API call, and leaves props alone', () => {
    const sinks = htmlSinks({
      'src/Page.jsx': `import { useEffect, useState } from 'react';
import { getPage } from './api';
export function Page({ id, intro }) {
  const [page, setPage] = useState(null);
  useEffect(() => { getPage(id).then(setPage); }, [id]);
  return <main><div dangerouslySetInnerHTML={{ __html: page.body }} /><p dangerouslySetInnerHTML={{ __html: intro }} /></main>;
}
`,
    });
    assert.deepEqual(sinks, ['6 clean intro', '6 clean server data: getPage()']);
  });

  it('reads useQuery of a data-fetching library as server data, a router hook as the page URL', () => {
    const sinks = htmlSinks({
      'src/Brand.tsx': `import { useQuery } from '@tanstack/react-query';
import { trpc } from './trpc';
export function Brand() {
  const { data: theme } = trpc.settings.theme.useQuery();
  const { data: banner } = useQuery({ queryKey: ['banner'], queryFn: loadBanner });
  return <><style dangerouslySetInnerHTML={{ __html: theme.css }} /><div dangerouslySetInnerHTML={{ __html: banner.html }} /></>;
}
`,
      'src/Notice.tsx': `import { useQuery } from './hooks/url';
export function Notice() {
  const q = useQuery();
  return <p dangerouslySetInnerHTML={{ __html: q.get('msg') }} />;
}
`,
    });
    assert.deepEqual(sinks, ["4 tainted page URL: useQuery()", '6 clean server data: trpc.settings.theme.useQuery()', '6 clean server data: useQuery()']);
  });
});
