import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('Rails controller: SQL strings, shell commands, constantize/send, YAML/Marshal, render inline, redirects', () => {
  const content = readFileSync(new URL('./fixtures/reports_controller.rb', import.meta.url), 'utf8');
  const sinks = runExtractor(extractor, { 'app/controllers/reports_controller.rb': content })
    .facts.filter((f): f is SinkFact => f.kind === 'sink')
    .map((s) => `${s.evidence.line} ${s.sink} ${s.api} <- ${s.source} @ ${s.route}`);
  assert.deepEqual(sinks, [
    '4 sql ActiveRecord where (string) <- params[:name] @ ReportsController#index',
    '7 sql ActiveRecord where (string) <- params[:owner] @ ReportsController#index',
    '11 command Kernel#system <- params[:file] @ ReportsController#export',
    '12 command Kernel#system <- params[:dir] @ ReportsController#export',
    '16 code-eval String#constantize <- params[:type] @ ReportsController#show',
    '17 code-eval Object#send <- params[:method] @ ReportsController#show',
    '18 deserialize YAML.load <- params[:yaml] @ ReportsController#show',
    '19 deserialize Marshal.load <- cookies[:state] @ ReportsController#show',
    '20 template render inline: <- params[:template] @ ReportsController#show',
    '24 redirect redirect_to <- params[:return_to] @ ReportsController#back',
  ]);
});

test('session keys are separate (a request value stored under one key does not taint another); host checks guard redirects', () => {
  const content = readFileSync(new URL('./fixtures/sessions_controller.rb', import.meta.url), 'utf8');
  const sinks = runExtractor(extractor, { 'app/controllers/sessions_controller.rb': content })
    .facts.filter((f): f is SinkFact => f.kind === 'sink')
    .map((s) => `${s.evidence.line} ${s.sink} <- ${s.source}`);
  // ...and a URL whose host was compared with the app's own is not an open redirect (line 22 is).
  assert.deepEqual(sinks, ['7 redirect <- params[:email]', '22 redirect <- params[:referer]']);
});
