import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractor } from '../../testing.js';
import { checkSignals } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per way in, each carrying a single signal (renamed imports, `node:` specifiers, raw names). */
const PATHS: Record<string, string> = {
  'prisma/schema.prisma': 'datasource db {\n  provider = "cockroachdb"\n  url = env("DATABASE_URL")\n}\n',
  'src/move.js': "const fse = require('fs-extra');\nfse.move(tmp, 'uploads/' + name);\n",
  'src/mv.js': "req.files.avatar.mv('./public/uploads/' + name);\n",
  'src/save.ts': "import { writeFile as save } from 'node:fs/promises';\nawait save(`uploads/${id}`, data);\n",
  'src/consume.js': "const q = require('amqplib/callback_api');\nchannel.consume('orders', handle);\n",
  'src/worker.ts': "import { Worker as W } from 'bullmq';\nnew W('emails', async () => {});\n",
  'src/pool.js': "const { Pool: P } = require('pg');\nnew P({ connectionString: process.env.DATABASE_URL });\n",
  'src/loki.js': "const db = new lokijs('app.db');\n",
};

describe('extract/js/datastores signals', () => {
  it('occur in every sample file the extractor draws facts from (signals ignored)', () => {
    const { withFacts, unsignalled } = checkSignals(extractor);
    assert.ok(withFacts >= 10, `expected facts from the samples, got ${withFacts} files`);
    assert.deepEqual(unsignalled, []);
  });

  it('let each way in through', () => {
    for (const [path, content] of Object.entries(PATHS)) {
      assert.ok(runExtractor(extractor, { [path]: content }).facts.length > 0, path);
    }
  });
});
