// What the Dockerfile and Compose extractors record about where an image runs: dev start commands,
// images that copy no code, the folders each target stage builds, build-stage secrets, example env
// files copied into the image, and Compose files or services meant for development only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeploymentFact, Fact, SecretFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as compose } from '../compose/index.js';
import { extractor as dotenv } from '../dotenv/index.js';
import { extractor as dockerfile } from './index.js';

const deployments = (facts: Fact[]) => facts.filter((f): f is DeploymentFact => f.kind === 'deployment');
const byFile = (facts: Fact[], file: string) => deployments(facts).find((d) => d.evidence.file === file)!;
const byName = (facts: Fact[], name: string) => deployments(facts).find((d) => d.workload === name)!;

describe('extract/iac: deployment context', () => {
  test('dev start commands, tool-only images and build-stage secrets', () => {
    const { facts } = runExtractors([dockerfile], {
      'Dockerfile': 'FROM node:20\nCOPY . /usr/src/app\nRUN npm run build\nCMD ["/opt/startup.relational.dev.sh"]\n',
      'maildev.Dockerfile': 'FROM node:20\nRUN npm i -g maildev@2.0.5\nCMD maildev\n',
      'web/Dockerfile': 'FROM node:20 AS build\nARG APP_ENCRYPTION_KEY="9f8e7d6c5b4a39281706f5e4d3c2b1a0"\nFROM node:20\nCOPY --from=build /app /app\nCMD ["npm", "start"]\n',
    });
    assert.equal(byFile(facts, 'Dockerfile').attributes?.devCommand, true);
    assert.equal(byFile(facts, 'Dockerfile').attributes?.copiesSource, undefined);
    assert.equal(byFile(facts, 'maildev.Dockerfile').attributes?.devCommand, undefined);
    assert.equal(byFile(facts, 'maildev.Dockerfile').attributes?.copiesSource, false);
    assert.equal(byFile(facts, 'web/Dockerfile').attributes?.devCommand, undefined);
    assert.equal(byFile(facts, 'web/Dockerfile').attributes?.buildOnlySecretLines, '2');
  });

  test('the folder a Compose target stage builds', () => {
    const { facts } = runExtractors([dockerfile, compose], {
      'prod.Dockerfile': [
        'FROM node:20 AS base',
        'WORKDIR /usr/src/app',
        'COPY . .',
        'FROM base AS api_builder',
        'WORKDIR /usr/src/app/packages/api',
        'RUN pnpm run build',
        'FROM node:20 AS api',
        'COPY --from=api_builder /usr/src/app/packages/api/dist /dist',
        'CMD ["node", "/dist/main.js"]',
        'FROM node:20 AS aio',
        'COPY --from=api_builder /usr/src/app/packages/api/dist /dist',
        'COPY --from=base /usr/src/app/packages/web/dist /site',
        'CMD ["node", "/dist/main.js"]',
        '',
      ].join('\n'),
      'docker-compose.yml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: prod.Dockerfile\n      target: api\n  aio:\n    build:\n      context: .\n      dockerfile: prod.Dockerfile\n      target: aio\n',
    });
    assert.equal(byName(facts, 'api').attributes?.targetRoot, 'packages/api');
    assert.equal(byName(facts, 'aio').attributes?.targetRoot, undefined, 'an all-in-one target builds several folders');
  });

  test('Compose files and services for development, tests or deprecated variants', () => {
    const db = '  db:\n    image: postgres:16\n';
    const { facts } = runExtractors([compose], {
      'a/compose.yml': `name: shop-development\nservices:\n${db}`,
      'b/compose.yml': `# -- DEV DOCKER-COMPOSE --\n# -- DO NOT USE IN PRODUCTION! --\nservices:\n${db}`,
      'd/compose.yml': `# Everything needed to develop and test the shop\n# locally: a few databases, a search engine.\nservices:\n${db}`,
      'c/compose.yml': `# Self-hosting preset.\n# - just-backend: all services for local development\nservices:\n${db}  old:\n    image: acme/old\n    profiles: ["deprecated"]\n  web:\n    image: acme/web\n    profiles: ["default", "test"]\n`,
    });
    const dev = (file: string, name: string) => deployments(facts).find((d) => d.evidence.file === file && d.workload === name)?.attributes?.devOnly;
    assert.match(String(dev('a/compose.yml', 'db')), /shop-development/);
    assert.match(String(dev('b/compose.yml', 'db')), /DEV DOCKER-COMPOSE|DO NOT USE IN PRODUCTION/i);
    assert.equal(dev('c/compose.yml', 'db'), undefined, 'a mention of local development in a list of profiles is not the file');
    assert.match(String(dev('d/compose.yml', 'db')), /develop and test the shop locally/);
    assert.match(String(dev('c/compose.yml', 'old')), /deprecated/);
    assert.equal(dev('c/compose.yml', 'web'), undefined);
  });

  test('an example env file with secret values copied into the image\'s .env is a secret of the image', () => {
    const example = 'NODE_ENV=development\nAUTH_JWT_SECRET=secret\nAUTH_JWT_TOKEN_EXPIRES_IN=15m\nMAIL_PASSWORD=\nDATABASE_PASSWORD=${DB_PASSWORD}\n';
    const { facts } = runExtractors([dotenv, dockerfile], {
      'env-example-relational': example,
      'Dockerfile': 'FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nRUN if [ ! -f .env ]; then cp env-example-relational .env; fi\nCMD ["node", "dist/main.js"]\n',
      'other/Dockerfile': 'FROM node:20\nCOPY . .\nRUN cp env-example-relational config.example\nCMD ["node", "dist/main.js"]\n',
    });
    const found = facts.filter((f): f is SecretFact => f.kind === 'secret');
    assert.equal(found.length, 1);
    assert.equal(found[0].evidence.file, 'Dockerfile');
    assert.equal(found[0].evidence.line, 4);
    assert.match(found[0].redacted, /^AUTH_JWT_SECRET=\*\*\*\*, copied from env-example-relational/);
    assert.ok(!JSON.stringify(facts).includes('=secret'), 'the example value itself never leaves the extractors');
  });
});
