import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per way in, each carrying a single signal (renamed imports, `node:` specifiers, template specifiers). */
const PATHS: Record<string, string> = {
  'src/node-http.js': "import web from 'node:http';\nweb.get('http://inventory.internal/items');\n",
  'src/rp.js': 'const rp = require("request-promise");\nrp.get("https://api.example.com/x");\n',
  'src/request.js': "require(`request`)('https://api.example.com/x');\n",
  'src/ky.mjs': "import k from 'ky';\nawait k.post('https://api.example.com/x');\n",
  'src/got.ts': 'import { get } from "got";\nget(process.env.BILLING_URL);\n',
  'src/llm.ts': "import Claude from '@anthropic-ai/sdk';\nconst c = new Claude();\nc.messages.create({ model: 'm', messages: [] });\n",
  'src/ses.ts': "import { SESClient as S } from '@aws-sdk/client-ses';\nnew S({});\n",
  'src/topic.ts': "import { PubSub as P } from '@google-cloud/pubsub';\nnew P();\n",
};

describe('extract/js/outbound signals', () => {
  signalTests(extractor, PATHS);
});
