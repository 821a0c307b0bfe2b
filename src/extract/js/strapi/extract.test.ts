import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as hapi } from '../hapi/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const facts: Fact[] = [];
  const extractors = [extractor, hapi];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  const out = new Map<string, EntrypointFact>();
  for (const f of linkFacts(facts, extractors)) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f);
  return out;
}

describe('extract/js/strapi', () => {
  const eps = routes({
    'src/api/recipe/routes/recipe.js': `const { createCoreRouter } = require('@strapi/strapi').factories;
module.exports = createCoreRouter('api::recipe.recipe', { except: ['delete'], config: { find: { auth: false } } });
`,
    'src/api/recipe/content-types/recipe/schema.json': `{ "kind": "collectionType", "info": { "singularName": "recipe", "pluralName": "recipe-book" } }`,
    'src/api/homepage/routes/homepage.js': `module.exports = require('@strapi/strapi').factories.createCoreRouter('api::homepage.homepage');`,
    'src/api/homepage/content-types/homepage/schema.json': `{ "kind": "singleType", "info": { "singularName": "homepage", "pluralName": "homepages" } }`,
    'src/api/recipe/routes/custom.js': `module.exports = {
  routes: [
    { method: 'POST', path: '/recipes/:id/rate', handler: 'recipe.rate', config: { policies: ['global::is-owner'] } },
    { method: 'GET', path: '/recipes/feed', handler: 'recipe.feed', config: { auth: false } },
  ],
};
`,
    'src/plugins/exporter/server/routes/index.js': `module.exports = [
  { method: 'POST', path: '/run', handler: 'exporter.run', config: { policies: [] } },
];
`,
    'src/plugins/exporter/server/routes/public.js': `module.exports = {
  type: 'content-api',
  routes: [{ method: 'GET', path: '/status', handler: 'exporter.status' }],
};
`,
    'packages/plugins/members/server/src/routes/content-api/auth.js': `module.exports = [
  { method: 'POST', path: '/auth/local', handler: 'auth.callback', config: { prefix: '' } },
];
`,
  });

  it('names core routes after the schema and reads config.auth and only/except', () => {
    assert.equal(eps.get('GET /api/recipe-book')?.auth, 'none');
    assert.ok(eps.get('GET /api/recipe-book')?.tags?.includes('declared-public'));
    assert.equal(eps.get('POST /api/recipe-book')?.auth, 'user');
    assert.equal(eps.get('PUT /api/recipe-book/:id')?.auth, 'user');
    assert.equal(eps.has('DELETE /api/recipe-book/:id'), false);
    assert.deepEqual([...eps.keys()].filter((k) => k.includes('homepage')).sort(), ['DELETE /api/homepage', 'GET /api/homepage', 'PUT /api/homepage']);
  });

  it('puts custom content routes under /api and plugin admin routes under the plugin name', () => {
    assert.equal(eps.get('POST /api/recipes/:id/rate')?.auth, 'user');
    assert.equal(eps.get('GET /api/recipes/feed')?.auth, 'none');
    assert.equal(eps.get('POST /exporter/run')?.auth, 'admin');
    assert.equal(eps.get('GET /api/exporter/status')?.auth, 'user');
    assert.equal(eps.get('POST /api/auth/local')?.auth, 'user');
  });

  it('leaves Strapi route objects to this extractor, not hapi', () => {
    for (const e of eps.values()) assert.equal(e.framework, 'strapi', `${e.method} ${e.path}`);
  });
});
