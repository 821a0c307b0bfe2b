import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule as portRule } from './compose-port-published-all-interfaces.js';
import { rule as rootRule } from './container-runs-as-root.js';
import { rule as secretRule } from './container-secret-in-env.js';
import { rule as k8sSecretRule } from '../k8s/k8s-secret-in-manifest.js';

const DB = (password: string) => `  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${password}
    ports:
      - 5432:5432
`;
const WEB = `  web:\n    build: .\n    ports:\n      - 8080:8080\n`;
const APP = `{"name":"@acme/shop","dependencies":{"express":"4.19.2"}}`;

/** Severity of every finding, by rule and file. */
async function severities(files: Record<string, string>): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-devctx-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [portRule, secretRule, rootRule], today: '2026-06-01', cache: false, pool: false });
    return Object.fromEntries(model.threats.map((t) => [`${t.ruleId}@${t.evidence[0].file}${/\.ya?ml$/.test(t.evidence[0].file) ? '' : `:${t.evidence[0].line}`}`, t.severity]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rules/container: development, test and deprecated deployments', () => {
  it('caps findings of a dev project, a "do not use in production" file and deprecated profiles at low', async () => {
    const s = await severities({
      'package.json': APP,
      'Dockerfile': 'FROM node:20.11-alpine\nCOPY . /app\nUSER node\nCMD ["node", "server.js"]\n',
      'docker-compose.yml': `services:\n${WEB}${DB('hunter2-prod')}`,
      'docker/dev/compose.yml': `name: shop-development\nservices:\n${DB('hunter2-named')}`,
      'deploy/compose.yml': `# Internal stack for CI previews.\n# THIS IS NOT TO BE USED FOR PRODUCTION DEPLOYMENTS!\nservices:\n${DB('hunter2-header')}`,
      'ops/compose.yml': `services:\n${WEB}${DB('hunter2-profile').replace('  db:\n', '  db:\n    profiles: ["deprecated"]\n')}`,
    });
    assert.equal(s['compose-port-published-all-interfaces@docker-compose.yml'], 'high');
    assert.equal(s['container-secret-in-env@docker-compose.yml'], 'high');
    for (const file of ['docker/dev/compose.yml', 'deploy/compose.yml', 'ops/compose.yml']) {
      assert.equal(s[`compose-port-published-all-interfaces@${file}`], 'low', file);
      assert.equal(s[`container-secret-in-env@${file}`], 'low', file);
    }
  });

  it('rates a secret of a build stage the running image does not inherit low, a shipped one not', async () => {
    const s = await severities({
      'package.json': APP,
      'api/Dockerfile': [
        'FROM node:20.11-alpine AS build',
        'ARG APP_ENCRYPTION_KEY="9f8e7d6c5b4a39281706f5e4d3c2b1a0"',
        'RUN npm run build',
        'FROM node:20.11-alpine',
        'COPY --from=build /app /app',
        'ENV SESSION_SECRET="c0ffee-5e55-10n-5ecr3t-d1ff3r3nt"',
        'USER node',
        'CMD ["node", "/app/server.js"]',
        '',
      ].join('\n'),
      'docker-compose.yml': 'services:\n  api:\n    build: ./api\n    ports:\n      - 3000:3000\n',
    });
    assert.equal(s['container-secret-in-env@api/Dockerfile:2'], 'low');
    assert.equal(s['container-secret-in-env@api/Dockerfile:6'], 'high');
  });

  it('rates an image that starts a dev script, and its stack, medium at most', async () => {
    const s = await severities({
      'package.json': APP,
      'Dockerfile': 'FROM node:20.11-alpine\nCOPY . /usr/src/app\nRUN npm run build\nCMD ["/opt/startup.relational.dev.sh"]\n',
      'docker-compose.yaml': `services:\n${DB('hunter2-stack')}${WEB}`,
    });
    assert.equal(s['container-runs-as-root@Dockerfile:1'], 'medium');
    assert.equal(s['compose-port-published-all-interfaces@docker-compose.yaml'], 'medium');
  });

  it('rates root in the production image medium: it needs code execution in the container first', async () => {
    const s = await severities({
      'package.json': APP,
      'Dockerfile': 'FROM node:20.11-alpine\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      'docker-compose.yml': `services:\n${WEB}`,
    });
    assert.equal(s['container-runs-as-root@Dockerfile:1'], 'medium');
  });

  it('rates a database password lower when no data store of the file listens on the host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-devctx-'));
    const web = WEB.replace('    ports:', '    environment:\n      JWT_SECRET: c0ffee-5e55-10n-5ecr3t-d1ff3r3nt\n    ports:');
    const db = (ports: string) => `  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2-internal\n${ports}`;
    const titles = async (compose: string) => {
      writeFileSync(join(dir, 'package.json'), APP);
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20.11-alpine\nCOPY . /app\nUSER node\nCMD ["node", "/app/server.js"]\n');
      writeFileSync(join(dir, 'docker-compose.yml'), compose);
      // A developer's stack publishes the same store; the production file decides the component's
      // exposure, so the store stays internal unless the production file publishes it too.
      writeFileSync(join(dir, 'docker-compose.dev.yml'), `services:\n${db('    ports:\n      - 5432:5432\n')}`);
      const model = await analyzeDirectory(dir, { rules: [secretRule], today: '2026-06-01', cache: false, pool: false });
      return Object.fromEntries(model.threats.map((t) => [t.title, t.severity]));
    };
    try {
      const internal = await titles(`services:\n${web}${db('    expose:\n      - 5432\n')}`);
      assert.equal(internal['Hard-coded secret in JWT_SECRET'], 'high');
      assert.equal(internal['Hard-coded password in POSTGRES_PASSWORD'], 'low', JSON.stringify(internal));
      const published = await titles(`services:\n${web}${db('    ports:\n      - 5432:5432\n')}`);
      assert.equal(published['Hard-coded password in POSTGRES_PASSWORD'], 'high');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets an image built FROM this repository\'s own non-root image inherit its USER', async () => {
    const s = await severities({
      'package.json': APP,
      'docker/Dockerfile': 'FROM node:20.11-alpine AS runner\nCOPY . /app\nUSER nodejs\nCMD ["node", "/app/server.js"]\n',
      'docker/Dockerfile.chromium': 'ARG TAG=latest\nFROM acme/shop:${TAG}\nRUN npm install @playwright/browser-chromium\n',
      'tools/Dockerfile': 'ARG TAG=latest\nFROM vendor/thing:${TAG}\nRUN npm install left-pad\n',
    });
    assert.equal(s['container-runs-as-root@docker/Dockerfile.chromium:2'], undefined);
    assert.ok(s['container-runs-as-root@tools/Dockerfile:2'], 'an image of someone else still runs as root');
  });
});

describe('rules/container and k8s: folders of examples named for their kind', () => {
  it('caps a Compose stack and a Kubernetes manifest under `<kind>-examples/` like one under `examples/`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-examples-'));
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      containers:
        - name: shop
          image: acme/shop:1.4.2
          env:
            - name: ADMIN_PASSWORD
              value: "Tr0ub4dor-and-3"
`;
    try {
      const files: Record<string, string> = {
        'package.json': APP,
        'docker-compose.yml': `services:\n${WEB}${DB('hunter2-prod')}`,
        'docker-examples/postgres/docker-compose.yml': `services:\n${WEB}${DB('hunter2-example')}`,
        'deploy/shop.yaml': manifest,
        'kubernetes-examples/shop.yaml': manifest,
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const model = await analyzeDirectory(dir, { rules: [secretRule, k8sSecretRule], today: '2026-06-01', cache: false, pool: false });
      const s = Object.fromEntries(model.threats.map((t) => [`${t.ruleId}@${t.evidence[0].file}`, t.severity]));
      assert.equal(s['container-secret-in-env@docker-compose.yml'], 'high');
      assert.equal(s['container-secret-in-env@docker-examples/postgres/docker-compose.yml'], 'low');
      assert.equal(s['k8s-secret-in-manifest@deploy/shop.yaml'], 'medium');
      assert.equal(s['k8s-secret-in-manifest@kubernetes-examples/shop.yaml'], 'low');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
