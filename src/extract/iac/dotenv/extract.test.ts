import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { parseDotenv } from '../compose/interpolate.js';
import { extractor, isDotenvPath } from './index.js';

describe('extract/iac/dotenv', () => {
  test('file names', () => {
    for (const p of ['.env', 'deploy/.env', '.env.production', 'worker.env']) assert.equal(isDotenvPath(p), true, p);
    for (const p of ['.env.example', 'env.sample', 'app.env.template', 'environment.ts', 'src/env.go']) assert.equal(isDotenvPath(p), false, p);
  });

  test('syntax: export, quotes, comments, references to earlier lines', () => {
    const text = [
      '# comment',
      'PORT=8080',
      'export HOST=api',
      'ADDR=${HOST}:${PORT}   # trailing comment',
      "LITERAL='${HOST}'",
      'QUOTED="a # b"',
      'FALLBACK=${MISSING:-default}',
      'not an assignment',
    ].join('\n');
    assert.deepEqual(
      parseDotenv(text).map((e) => [e.name, e.value, e.line]),
      [
        ['PORT', '8080', 2],
        ['HOST', 'api', 3],
        ['ADDR', 'api:8080', 4],
        ['LITERAL', '${HOST}', 5],
        ['QUOTED', 'a # b', 6],
        ['FALLBACK', 'default', 7],
      ],
    );
  });

  test('one config fact per file, secrets redacted', () => {
    const { facts, diagnostics } = runExtractor(extractor, {
      '.env': 'API_URL=http://api:3000\nDB_PASSWORD=s3cr3t-value-here\nDATABASE_URL=postgres://app:pw123456@db:5432/app\n',
    });
    assert.deepEqual(diagnostics, []);
    const [fact] = facts as ConfigFact[];
    assert.equal(facts.length, 1);
    assert.equal(fact.setting, 'env-file');
    assert.deepEqual(fact.values, { API_URL: 'http://api:3000', DB_PASSWORD: '****', DATABASE_URL: 'postgres://app:****@db:5432/app' });
    assert.equal(fact.evidence.line, 1);
  });
});
