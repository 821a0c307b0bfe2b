// An owner-or-admin pre written as one combined test (`isAdmin || params.x === caller id`) is read
// as `user` by the shared classifier itself; the Hapi owner handling must still mark the record
// accesses by the checked parameter as ownership-checked, same-file and imported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as authExtractor } from '../auth/index.js';
import { extractor } from './index.js';

describe('extract/js/hapi combined owner-or-admin pre', () => {
  it('keeps user level and drops record accesses by the checked parameter', () => {
    const { facts } = runExtractors([authExtractor, extractor], {
      'src/guards.js': `import Boom from '@hapi/boom'
export async function selfOrStaff(request, h) {
  if (request.auth.credentials.isStaff || request.params.memberId === request.auth.credentials.id) return h.continue
  throw Boom.forbidden()
}
`,
      'src/plugins/members.js': `import { selfOrStaff } from '../guards'
async function localSelf(request, h) {
  if (request.auth.credentials.isStaff || request.params.memberId === request.auth.credentials.id) return h.continue
  throw Boom.forbidden()
}
export const plugin = { name: 'members', register: async (server) => {
  server.route([
    { method: 'GET', path: '/members/{memberId}', handler: read, options: { pre: [selfOrStaff], auth: 'jwt' } },
    { method: 'PUT', path: '/members/{memberId}', handler: read, options: { pre: [localSelf], auth: 'jwt' } },
    { method: 'DELETE', path: '/members/{memberId}', handler: read, options: { auth: 'jwt' } },
  ])
} }
async function read(request) { return request.server.app.db.member.findUnique({ where: { id: request.params.memberId } }) }
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /members/:memberId': 'user', 'PUT /members/:memberId': 'user', 'DELETE /members/:memberId': 'user' });
    const accesses = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access').map((f) => `${f.values.routeMethod} ${f.values.routePath}`);
    assert.deepEqual(accesses, ['DELETE /members/:memberId'], 'only the route without the owner pre keeps its unchecked access');
  });
});
