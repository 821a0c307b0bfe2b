import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One single-file app per way in. */
const PATHS: Record<string, string> = {
  'src/app.ts': "import { Hono } from 'hono';\nexport const app = new Hono().get('/x', (c) => c.text('ok'));\n",
  'src/zod.ts': "import { OpenAPIHono as H } from '@hono/zod-openapi';\nconst app = new H();\napp.post('/x', (c) => c.json({}));\n",
};

describe('extract/js/hono signals', () => {
  signalTests(extractor, PATHS);
});
