// Which Compose service names the code component it runs, when several build the same folder or one
// multi-stage Dockerfile: the one whose image really holds the code (not a tool image built from
// the same context), not a deprecated or test variant, and the one whose `target:` builds the folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

async function components(files: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-bind-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [], today: '2026-06-01', cache: false, pool: false });
    return Object.fromEntries(model.components.filter((c) => c.kind === 'service').map((c) => [c.name, [...new Set(c.evidence.map((e) => e.file))].sort()]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NEST = '{"name":"api","dependencies":{"@nestjs/core":"10.0.0","express":"4.19.2"}}';

describe('model/build: Compose services bound to the code they run', () => {
  it('names the component after the service whose image copies the code, not a tool image of the same context', async () => {
    const c = await components({
      'package.json': NEST,
      'maildev.Dockerfile': 'FROM node:20.11-alpine\nRUN npm i -g maildev@2.0.5\nCMD maildev\n',
      'Dockerfile': 'FROM node:20.11-alpine\nCOPY . /usr/src/app\nRUN npm run build\nCMD ["node", "dist/main.js"]\n',
      'docker-compose.yaml': 'services:\n  maildev:\n    build:\n      context: .\n      dockerfile: maildev.Dockerfile\n  backend:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    ports:\n      - 3000:3000\n',
    });
    assert.ok(c.backend, `components: ${Object.keys(c).join(', ')}`);
    assert.equal(c.maildev, undefined);
  });

  it('binds a service to the folder its target stage builds, before a deprecated service of that folder', async () => {
    const prod = [
      'FROM node:20.11-alpine AS base',
      'WORKDIR /usr/src/app',
      'COPY . .',
      'RUN pnpm install',
      'FROM base AS backend_builder',
      'WORKDIR /usr/src/app/packages/server',
      'RUN pnpm run build',
      'FROM node:20.11-alpine AS backend',
      'COPY --from=backend_builder /usr/src/app/packages/server/dist /dist',
      'CMD ["node", "/dist/main.js"]',
      'FROM base AS web_builder',
      'WORKDIR /usr/src/app/packages/web',
      'RUN pnpm run build',
      'FROM node:20.11-alpine AS aio',
      'COPY --from=backend_builder /usr/src/app/packages/server/dist /dist',
      'COPY --from=web_builder /usr/src/app/packages/web/dist /site',
      'CMD ["node", "/dist/main.js"]',
      '',
    ].join('\n');
    const c = await components({
      'package.json': '{"name":"shop-root","private":true}',
      'packages/server/package.json': '{"name":"server","dependencies":{"express":"4.19.2"}}',
      'packages/server/src/main.js': "const app = require('express')();\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(3000);\n",
      'packages/server/Dockerfile': 'FROM node:20.11-alpine\nCOPY . /app\nCMD ["node", "/app/src/main.js"]\n',
      'prod.Dockerfile': prod,
      'docker-compose.yml': [
        'services:',
        '  shop-old-server:',
        '    profiles: ["deprecated"]',
        '    build:',
        '      context: .',
        '      dockerfile: packages/server/Dockerfile',
        '  shop-api:',
        '    build:',
        '      context: .',
        '      dockerfile: prod.Dockerfile',
        '      target: backend',
        '  shop-aio:',
        '    build:',
        '      context: .',
        '      dockerfile: prod.Dockerfile',
        '      target: aio',
        '',
      ].join('\n'),
    });
    assert.ok(c['shop-api']?.includes('packages/server/package.json'), JSON.stringify(c));
    assert.equal(c['shop-old-server'], undefined);
  });

  it("takes a data store's exposure from the production Compose file, not from a developer's stack that publishes its port", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-bind-'));
    const db = (extra: string) => `  postgres:\n    image: postgres:15-alpine\n${extra}`;
    const exposures = async (dev: string, prod: string, devFile = 'docker-compose.dev.yml') => {
      rmSync(join(dir, 'docker-compose.dev.yml'), { force: true });
      rmSync(join(dir, 'docker-compose.db.yml'), { force: true });
      writeFileSync(join(dir, 'package.json'), NEST);
      writeFileSync(join(dir, 'docker-compose.yml'), `services:\n  api:\n    build: .\n    ports:\n      - 3333:3333\n${db(prod)}`);
      writeFileSync(join(dir, devFile), dev);
      const model = await analyzeDirectory(dir, { rules: [], today: '2026-06-01', cache: false, pool: false });
      return Object.fromEntries(model.components.filter((c) => c.kind === 'datastore' || c.kind === 'service').map((c) => [c.name, c.exposure]));
    };
    try {
      const published = `services:\n${db('    ports:\n      - 5432:5432\n')}`;
      // By its file name, and by a Compose project named for development.
      assert.equal((await exposures(published, ''))['postgres'], 'internal');
      assert.equal((await exposures(`name: shop_dev\n${published}`, '', 'docker-compose.db.yml'))['postgres'], 'internal');
      assert.equal((await exposures(published, '', 'docker-compose.db.yml'))['postgres'], 'internet', 'a second production file that publishes it');
      assert.equal((await exposures(published, ''))['api'], 'internet');
      // Published by the production file: internet, whatever the developer's stack says.
      assert.equal((await exposures(published, '    ports:\n      - 5432:5432\n'))['postgres'], 'internet');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
