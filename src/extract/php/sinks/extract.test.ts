import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sinks = (path: string, content: string) =>
  runExtractor(extractor, { [path]: content })
    .facts.filter((f): f is SinkFact => f.kind === 'sink')
    .map((s) => `${s.evidence.line} ${s.sink} ${s.api} <- ${s.source}`);

test('plain PHP: superglobals into SQL, echo, commands, unserialize, include, URLs, headers, eval', () => {
  assert.deepEqual(sinks('public/search.php', fixture('search.php')), [
    "4 sql mysqli_query <- $_GET['q']",
    "7 html echo <- $_GET['q']",
    "9 command exec <- $_POST['file']",
    "10 deserialize unserialize <- $_COOKIE['prefs']",
    "11 code-eval include <- $_GET['page']",
    "12 ssrf file_get_contents <- $_GET['url']",
    "14 redirect header('Location') <- $_GET['next']",
    "15 code-eval eval <- $_POST['code']",
  ]);
});

test('Laravel controllers: Request input and request() into raw SQL and redirects', () => {
  assert.deepEqual(sinks('app/Http/Controllers/OrderController.php', fixture('OrderController.php')), [
    "13 sql DB::select <- $request->input('sort')",
    "23 sql DB::select <- $request->query('status')",
    "28 redirect redirect <- request('return_to')",
  ]);
});
