import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
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
  signalTests(extractor, PATHS);
});
