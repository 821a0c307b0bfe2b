import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One single-file app per way in that gives entry points on its own (mounts and descriptors need a router). */
const PATHS: Record<string, string> = {
  'src/router.ts': "import { createConnectRouter } from '@connectrpc/connect';\nimport { Eliza } from './gen';\nexport const r = createConnectRouter().service(Eliza, { say() { return {}; } });\n",
  'src/callback.ts': "import type { ConnectRouter } from '@connectrpc/connect';\nexport default (router: ConnectRouter) => router.service(Eliza, { say() { return {}; } });\n",
};

describe('extract/js/rpc-connect signals', () => {
  signalTests(extractor, PATHS);
});
