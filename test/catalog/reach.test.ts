import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeWithFacts } from '../../src/catalog/collect.js';
import { buildReach, resolveLocal } from '../../src/catalog/reach.js';
import { writeFiles } from '../helpers/git.js';
import { scratchDir } from '../../src/util/scratch.js';

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'reachy', dependencies: { express: '^4.18.2', helmet: '^7.0.0', lodash: '^4.17.21', ws: '^8.0.0', dayjs: '^1.0.0', react: '^18.0.0' } }),
  'api/server.js': `const express = require('express');
const helmet = require('helmet');
const { audit } = require('./middleware/audit');
const orders = require('./routes/orders');
const users = require('./routes/users');
const app = express();
app.use(helmet());
app.use(audit);
app.use('/orders', orders);
app.use('/users', users);
app.get('/health', (req, res) => res.send('ok'));
app.listen(3000);
`,
  'api/middleware/audit.js': `const dayjs = require('dayjs');
exports.audit = (req, res, next) => { req.at = dayjs(); next(); };
`,
  'api/routes/orders.js': `const express = require('express');
const { total } = require('../services/pricing');
const router = express.Router();
router.post('/', (req, res) => res.json({ total: total(req.body.items) }));
module.exports = router;
`,
  'api/routes/users.js': `const express = require('express');
const router = express.Router();
router.get('/:id', (req, res) => res.json({ id: req.params.id }));
module.exports = router;
`,
  'api/services/pricing.js': `const _ = require('lodash');
exports.total = (items) => _.sumBy(items, 'price');
`,
  'api/jobs/sync.js': `const WebSocket = require('ws');
module.exports = () => new WebSocket('wss://warehouse.example');
`,
};

describe('catalog: reachability of imports from entry points', () => {
  it('follows handler files through relative imports, adds mounted middleware, stops at other routes', async () => {
    const root = scratchDir('threatcode-reach-');
    writeFiles(root, FILES);
    const analysed = await analyzeWithFacts(root, { productName: 'reachy' });
    const reach = buildReach(analysed);
    const site = (pkg: string, file: string) => reach.imports.find((i) => i.package === pkg && i.file === file)!;
    const label = (ids: string[]) => ids.map((id) => analysed.model.entryPoints.find((e) => e.id === id)).map((e) => `${e?.method} ${e?.path}`).sort();
    // lodash: imported by the pricing service that only POST /orders uses.
    assert.equal(site('lodash', 'api/services/pricing.js').via, 'handler');
    assert.deepEqual(label(site('lodash', 'api/services/pricing.js').reachedBy), ['POST /orders']);
    assert.deepEqual(site('lodash', 'api/services/pricing.js').symbols, ['sumBy']);
    // ws: a job no entry point loads.
    assert.equal(site('ws', 'api/jobs/sync.js').via, 'none');
    // helmet: used as middleware by the code that mounts every route.
    assert.ok(site('helmet', 'api/server.js').reachedBy.length >= 3);
    // dayjs: inside the product's own middleware, which runs for the mounted routes.
    assert.ok(label(site('dayjs', 'api/middleware/audit.js').reachedBy).includes('GET /users/:id'));
    assert.deepEqual(reach.importsAnalysed, ['npm']);
    assert.ok(reach.declarations.some((d) => d.name === 'lodash' && d.file === 'package.json' && d.spec === '^4.17.21'));
  });
  it('resolves relative specifiers as Node and TypeScript do', () => {
    const files = new Set(['src/a.ts', 'src/lib/index.js', 'src/b.mjs']);
    assert.equal(resolveLocal('src/x.ts', './a.js', files), 'src/a.ts');
    assert.equal(resolveLocal('src/x.ts', './lib', files), 'src/lib/index.js');
    assert.equal(resolveLocal('src/x.ts', './b.mjs', files), 'src/b.mjs');
    assert.equal(resolveLocal('src/x.ts', '../../escape', files), undefined);
  });
});
