import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per way in, each carrying a single signal: a name split from its member by a line break, a cast, a comment. */
const PATHS: Record<string, string> = {
  'web/users.ts': 'export class Users {\n  constructor(private http: Client) {}\n  list() {\n    return this\n      .http\n      .get(\'/api/users\');\n  }\n}\n',
  'web/items.ts': "export const load = () => ($ as any).post('/api/items', {});\n",
  'web/items.js': "$\n  .get('/api/items');\n",
  'web/login.js': "function Login($h) { $http['post']('/api/login', {}); }\n",
  'web/feed.js': "ky/* GET */('/api/feed');\n",
  'web/orders.ts': 'import api from "ky";\napi.post(\'/api/orders\');\n',
  'web/token.js': "window['localStorage'].setItem('token', t);\n",
  'src/App.vue': '<template><div v-html="body"></div></template>\n',
  'src/App.svelte': '<p>{@html post.body}</p>\n',
};

describe('extract/js/frontend signals', () => {
  signalTests(extractor, PATHS);
});
