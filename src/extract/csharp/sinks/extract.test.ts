import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sinks = (files: Record<string, string>) =>
  runExtractor(extractor, files)
    .facts.filter((f): f is SinkFact => f.kind === 'sink')
    .map((s) => `${s.evidence.line} ${s.sink} ${s.api} <- ${s.source} @ ${s.route}`);

test('controllers: EF Core raw SQL with interpolation, Process.Start, redirects', () => {
  assert.deepEqual(sinks({ 'Controllers/ReportsController.cs': fixture('ReportsController.cs') }), [
    '13 sql EF Core FromSqlRaw <- parameter name @ GET /api/reports',
    '15 sql EF Core FromSqlRaw <- Request.Query["id"] @ GET /api/reports',
    '22 command Process.Start <- parameter dto @ POST /api/reports/convert',
    '30 redirect Redirect <- parameter returnUrl @ GET /api/reports/go',
  ]);
});

test('minimal API handlers: bound parameters reach files and HttpClient; a fixed host is not SSRF', () => {
  assert.deepEqual(sinks({ 'Program.cs': fixture('Program.cs') }), [
    '2 path PhysicalFile <- parameter file @ GET /download',
    '3 ssrf HttpClient.GetAsync <- parameter url @ GET /proxy',
  ]);
});
