import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule as secretRule } from './container-secret-in-env.js';

const COMPOSE = `services:
  app:
    build: .
    ports:
      - 3000:3000
    environment:
      APP_SECRET: 'REPLACE_WITH_LONG_SECRET'
      DATABASE_URL: 'postgresql://app:STRONG_DB_PASSWORD@db:5432/app'
      MAIL_PASSWORD: 'k8#Qz2!mLp0aW'
`;

const VALIDATION = `import { IsNotIn, MinLength } from 'class-validator';
export class EnvironmentVariables {
  @MinLength(32)
  @IsNotIn(['REPLACE_WITH_LONG_SECRET'])
  APP_SECRET: string;
}
`;

async function findings(files: Record<string, string>): Promise<{ title: string; severity: string; evidence: number }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-placeholder-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [secretRule], today: '2026-06-01', cache: false, pool: false });
    return model.threats.map((t) => ({ title: t.title, severity: t.severity, evidence: t.evidence.length }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function severities(files: Record<string, string>): Promise<Record<string, string>> {
  return Object.fromEntries((await findings(files)).map((t) => [String(t.title.split(' ').pop()), t.severity]));
}

describe('container-secret-in-env: placeholders of a sample deployment file', () => {
  it('rates a stand-in the operator is told to replace low, and a real-looking literal as before', async () => {
    const s = await severities({ 'docker-compose.yml': COMPOSE, 'package.json': '{"name":"app"}' });
    assert.equal(s.APP_SECRET, 'low');
    assert.equal(s.DATABASE_URL, 'low');
    assert.notEqual(s.MAIL_PASSWORD, 'low');
  });

  it('drops a placeholder the app refuses at start (class-validator @IsNotIn on the variable)', async () => {
    const s = await severities({ 'docker-compose.yml': COMPOSE, 'package.json': '{"name":"app","dependencies":{"class-validator":"^0.14.0"}}', 'src/env.validation.ts': VALIDATION });
    assert.equal(s.APP_SECRET, undefined, JSON.stringify(s));
    assert.equal(s.DATABASE_URL, 'low');
  });

  it('reports one credential written into several services of a file once, citing every copy', async () => {
    const compose = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: pg-Secret-913
  minio:
    image: minio/minio
    ports:
      - 9000:9000
    environment:
      MINIO_ROOT_PASSWORD: minio-Root-77
  app:
    build: .
    ports:
      - 3000:3000
    environment:
      DATABASE_URL: postgresql://app:pg-Secret-913@db:5432/app
      STORAGE_SECRET_KEY: minio-Root-77
      MAIL_PASSWORD: minio-Other-12
      ADMIN_PASSWORD: pg-Secret-913
`;
    const f = await findings({ 'docker-compose.yml': compose, 'package.json': '{"name":"app"}' });
    const by = Object.fromEntries(f.map((t) => [String(t.title.split(' ').pop()), t.evidence]));
    // The admin password equals the DB's, but it is no database credential: reported on its own.
    assert.deepEqual(by, { POSTGRES_PASSWORD: 2, MINIO_ROOT_PASSWORD: 2, MAIL_PASSWORD: 1, ADMIN_PASSWORD: 1 });
  });
});
