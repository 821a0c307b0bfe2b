import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './openapi-auth-not-enforced-in-code.js';
import { scratchDir } from '../../util/scratch.js';

// An Express service whose spec demands a bearer token everywhere, and three routes served without
// one: a read-only proxy of a third-party weather API, a read of a stored record by id, and a
// delete. Only the proxy is a lesser exposure (a disclosure of what it fetches).
const APP: Record<string, string> = {
  'package.json': '{ "name": "forecasts", "dependencies": { "express": "^4.19.2", "pg": "^8.11.0", "axios": "^1.6.0" } }',
  'openapi.yaml': `openapi: 3.0.3
info: { title: forecasts, version: "1" }
security:
  - bearer: []
paths:
  /forecast/{city}:
    get:
      parameters: [{ name: city, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: forecast } }
  /trips/{tripId}:
    get:
      parameters: [{ name: tripId, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: trip } }
    delete:
      parameters: [{ name: tripId, in: path, required: true, schema: { type: string } }]
      responses: { "204": { description: deleted } }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
`,
  'src/server.js': `const express = require('express');
const axios = require('axios');
const { Pool } = require('pg');

const pool = new Pool();
const app = express();

app.get('/forecast/:city', async (req, res) => {
  const answer = await axios.get('https://api.weather.example/v1/forecast', { params: { q: req.params.city } });
  res.json(answer.data);
});

app.get('/trips/:tripId', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM trips WHERE id = $1', [req.params.tripId]);
  res.json(rows[0]);
});

app.delete('/trips/:tripId', async (req, res) => {
  await pool.query('DELETE FROM trips WHERE id = $1', [req.params.tripId]);
  res.status(204).end();
});

app.listen(3000);
`,
};

function writeApp(files: Record<string, string>): string {
  const dir = scratchDir('spec-read-only-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('openapi-auth-not-enforced-in-code: impact by what the route does', () => {
  it('rates a read-only proxy below a record read and a delete', async () => {
    const model = await analyzeDirectory(writeApp(APP), { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const found = new Map(model.threats.filter((t) => t.ruleId === rule.meta.id).map((t) => [t.evidence[0].line, t.severity]));
    assert.equal(found.size, 3, JSON.stringify([...found]));
    assert.equal(found.get(8), 'high');
    assert.equal(found.get(13), 'critical');
    assert.equal(found.get(18), 'critical');
  });
});
