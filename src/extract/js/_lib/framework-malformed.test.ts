// The framework extractors added together (SvelteKit, Nitro, Astro, AdonisJS, Feathers, Meteor,
// Moleculer) meet files that do not parse: each broken file is one clear diagnostic naming the file
// and the parse problem, and the well-formed route beside it is still read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractors } from '../../testing.js';
import { extractor as adonis } from '../adonis/index.js';
import { extractor as astro } from '../astro/index.js';
import { extractor as feathers } from '../feathers/index.js';
import { extractor as meteor } from '../meteor/index.js';
import { extractor as moleculer } from '../moleculer/index.js';
import { extractor as nitro } from '../nitro/index.js';
import { extractor as sveltekit } from '../sveltekit/index.js';
import type { Extractor } from '../../types.js';

const CASES: { name: string; extractor: Extractor; files: Record<string, string>; broken: string; good: string }[] = [
  {
    name: 'SvelteKit',
    extractor: sveltekit,
    files: {
      'svelte.config.js': 'export default { kit: {} };\n',
      'src/routes/api/broken/+server.ts': "import { json } from '@sveltejs/kit';\nexport const GET = async ({ params }) => { return json(params.id;\n",
      'src/routes/api/items/+server.ts': "import { json } from '@sveltejs/kit';\nexport const GET = async () => json([]);\n",
    },
    broken: 'src/routes/api/broken/+server.ts',
    good: 'GET /api/items',
  },
  {
    name: 'Nitro',
    extractor: nitro,
    files: {
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/api/broken.get.ts': 'export default defineEventHandler((event) => { return { ok: true ;\n',
      'server/api/items.get.ts': 'export default defineEventHandler(() => []);\n',
    },
    broken: 'server/api/broken.get.ts',
    good: 'GET /api/items',
  },
  {
    name: 'Astro',
    extractor: astro,
    files: {
      'astro.config.mjs': "import { defineConfig } from 'astro/config';\nexport default defineConfig({ output: 'server' });\n",
      'src/pages/api/broken.ts': 'export const GET = async ({ params }) => new Response(params.id;\n',
      'src/pages/api/items.ts': "export const GET = async () => new Response('[]');\n",
    },
    broken: 'src/pages/api/broken.ts',
    good: 'GET /api/items',
  },
  {
    name: 'AdonisJS',
    extractor: adonis,
    files: {
      'start/routes.ts': "import router from '@adonisjs/core/services/router';\nrouter.get('/items', async () => []);\nrouter.get('/broken', async () => { return [;\n",
      'start/more_routes.ts': "import router from '@adonisjs/core/services/router';\nrouter.get('/health', async () => ({ ok: true }));\n",
    },
    broken: 'start/routes.ts',
    good: 'GET /health',
  },
  {
    name: 'Feathers',
    extractor: feathers,
    files: {
      'src/app.js': "const feathers = require('@feathersjs/feathers');\nconst app = feathers();\napp.use('/items', { async find() { return []; } });\nmodule.exports = app;\n",
      'src/services/broken/broken.class.js': "const { Service } = require('feathers-memory');\nclass Broken extends Service { async find(params) { return [; } }\n",
    },
    broken: 'src/services/broken/broken.class.js',
    good: 'GET /items',
  },
  {
    name: 'Meteor',
    extractor: meteor,
    files: {
      'server/methods.js': "import { Meteor } from 'meteor/meteor';\nMeteor.methods({ 'items.list'() { return []; } });\n",
      'server/broken.js': "import { Meteor } from 'meteor/meteor';\nMeteor.methods({ 'items.remove'(id) { return [; } });\n",
    },
    broken: 'server/broken.js',
    good: 'DDP method:items.list',
  },
  {
    name: 'Moleculer',
    extractor: moleculer,
    files: {
      'services/api.service.js': "const ApiGateway = require('moleculer-web');\nmodule.exports = { name: 'api', mixins: [ApiGateway], settings: { routes: [{ path: '/api', aliases: { 'GET items': 'items.list' } }] } };\n",
      'services/items.service.js': "module.exports = { name: 'items', actions: { list() { return []; } } };\n",
      'services/broken.service.js': "module.exports = { name: 'broken', actions: { list() { return [; } } };\n",
    },
    broken: 'services/broken.service.js',
    good: 'GET /api/items',
  },
];

describe('framework extractors on files that do not parse', () => {
  for (const c of CASES) {
    it(`${c.name}: names the broken file and its problem, and still reads the rest`, () => {
      const { facts, diagnostics } = runExtractors([c.extractor], c.files);
      const about = diagnostics.filter((d) => d.file === c.broken);
      assert.equal(about.length, 1, JSON.stringify(diagnostics));
      assert.match(about[0].message, /could not read this file: .+/);
      const routes = facts.flatMap((f) => (f.kind === 'entrypoint' ? [`${f.method} ${f.path}`] : []));
      assert.ok(routes.includes(c.good), routes.join(', '));
    });
  }
});
