// A small product used by the diff, drift and CI tests: an Express API built from ./api and a
// worker image, described by docker-compose. Variants are whole file sets, committed in turn.

export const API_INDEX = `const express = require('express');
const app = express();

function health(req, res) {
  res.json({ ok: true });
}

function listOrders(req, res) {
  res.json([]);
}

app.get('/health', health);
app.get('/orders', listOrders);
app.listen(8080);
`;

/** Same routes, handlers moved below and a helper added above: only line numbers differ. */
export const API_INDEX_MOVED = `const express = require('express');
const app = express();

function formatOrder(order) {
  return { id: order.id, total: order.total };
}

app.get('/health', health);
app.get('/orders', listOrders);
app.listen(8080);

function listOrders(req, res) {
  res.json([].map(formatOrder));
}

function health(req, res) {
  res.json({ ok: true });
}
`;

export const DOCKERFILE = `FROM node:20-slim@sha256:${'a'.repeat(64)}
WORKDIR /app
COPY . .
USER node
HEALTHCHECK CMD node -e "process.exit(0)"
CMD ["node", "src/index.js"]
`;

const compose = (api: string, worker: string, apiFirst = true): string => `services:\n${apiFirst ? api + worker : worker + api}`;

const API_SERVICE = (extra = '', port = '127.0.0.1:8080:8080'): string => `  api:
    build: ./api${extra}
    ports:
      - "${port}"
`;

const WORKER_SERVICE = `  worker:
    image: ghcr.io/acme/worker:1.4.2@sha256:${'b'.repeat(64)}
    read_only: true
`;

export const BASE_FILES: Record<string, string> = {
  'docker-compose.yml': compose(API_SERVICE(), WORKER_SERVICE),
  'api/package.json': `${JSON.stringify({ name: 'api', version: '1.0.0', dependencies: { express: '^4.19.2' } }, null, 2)}\n`,
  'api/Dockerfile': DOCKERFILE,
  'api/src/index.js': API_INDEX,
};

/** The risky change: the API container becomes privileged and is published on every interface. */
export const RISKY_FILES: Record<string, string> = {
  'docker-compose.yml': compose(API_SERVICE('\n    privileged: true', '8080:8080'), WORKER_SERVICE),
};

/** A weakness present from the start (privileged API container). */
export const WEAK_FILES: Record<string, string> = {
  'docker-compose.yml': compose(API_SERVICE('\n    privileged: true'), WORKER_SERVICE),
};

/** The weak variant with its services in the other order and comments: the API block moved. */
export const WEAK_REORDERED_FILES: Record<string, string> = {
  'docker-compose.yml': `# Services of the shop, worker first.\n${compose(API_SERVICE('\n    # needs the host network stack\n    privileged: true'), WORKER_SERVICE, false)}`,
};

/** Comments only, in every file kind. */
export const COMMENTED_FILES: Record<string, string> = {
  'docker-compose.yml': `# Local development stack.\n# The API listens on loopback only.\n${compose(API_SERVICE(), WORKER_SERVICE)}`,
  'api/Dockerfile': `# Runtime image for the API.\n${DOCKERFILE}`,
  'api/src/index.js': `// Orders API: a small Express app.\n// Handlers are plain functions so they can be tested.\n${API_INDEX}`,
};
