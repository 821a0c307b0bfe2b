import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One single-file app per way in, each carrying as few signals as it can. */
const PATHS: Record<string, string> = {
  'src/init.ts': "import { initTRPC } from '@trpc/server';\nconst t = initTRPC.create();\nexport const app = t.router({ hello: t.procedure.query(() => 'hi') });\n",
  'src/leaf.ts': "import { base, create } from './b';\nexport const app = create.router({ hello: base.query(() => 'hi') });\n",
  'src/mutation.ts': "import { base, mk } from './b';\nexport const app = mk.router({ save: base.mutation(() => 1) });\n",
};

describe('extract/js/trpc signals', () => {
  signalTests(extractor, PATHS);
});
