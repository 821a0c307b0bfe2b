import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function definitions(files: Record<string, string>): Record<string, Record<string, unknown>> {
  const facts = runExtractor(extractor, files).facts.filter((f): f is AuthFact => f.kind === 'auth');
  return Object.fromEntries(facts.map((f) => [f.name ?? '', { ...f.details, why: undefined }]));
}

describe('extract/js/nextjs-helpers request helpers', () => {
  const helper = (guard: string, check = 'auth = await checkAuth(request);\n    if (!auth) error = () => unauthorized();') => ({
    'src/lib/request.ts': `import { checkAuth } from '@/lib/auth';
import { badRequest, unauthorized } from '@/lib/response';
export async function parseRequest(request: Request, schema?: any, options?: { skipAuth: boolean }) {
  let error;
  let auth = null;
  if (schema && !schema.safeParse(await request.json()).success) error = () => badRequest();
  ${guard} {
    ${check}
  }
  return { auth, error };
}`,
  });

  it('takes a helper that authenticates unless an options flag opts out', () => {
    assert.deepEqual(definitions(helper('if (!options?.skipAuth && !error)')), { parseRequest: { level: 'user', optOut: 'skipAuth', exports: 'parseRequest', why: undefined } });
  });

  it('reads a destructured flag and an unconditional check', () => {
    const destructured = helper('if (!skipAuth)');
    destructured['src/lib/request.ts'] = destructured['src/lib/request.ts'].replace('options?: { skipAuth: boolean }', '{ skipAuth = false } = {}');
    assert.equal(definitions(destructured).parseRequest?.optOut, 'skipAuth');
    const always = helper('');
    assert.deepEqual(definitions(always).parseRequest, { level: 'user', exports: 'parseRequest', why: undefined });
  });

  it('does not take a check that only runs on some other condition, or one that does not refuse', () => {
    assert.deepEqual(definitions(helper('if (schema)')), {});
    assert.deepEqual(definitions(helper('if (!options?.skipAuth)', 'auth = await checkAuth(request);\n    if (!auth) error = () => badRequest();')), {});
    assert.deepEqual(definitions(helper('if (!options?.skipAuth)', 'auth = await loadSchema(request);\n    if (!auth) error = () => unauthorized();')), {}, 'not a call about who sends the request');
  });

  it('leaves middleware (which answers or passes the request on) to js/auth', () => {
    assert.deepEqual(
      definitions({ 'src/mw.ts': `export async function requireUser(req, res, next) { const user = await getSession(req); if (!user) return res.status(401).end(); next(); }` }),
      {},
    );
  });
});

describe('extract/js/nextjs-helpers permission predicates', () => {
  it('judges predicates by what their truthy returns test', () => {
    const defs = definitions({
      'src/permissions/user.ts': `import { getTeamUser, getEntity } from '@/queries';
export async function canViewUsers({ user }: Auth) { return user?.isAdmin ?? false; }
export const canDeleteUser = ({ user }: Auth) => user.role === ROLES.admin;
export async function canViewUser({ user }: Auth, viewedUserId: string) {
  if (!user) return false;
  if (user.isAdmin) return true;
  return user.id === viewedUserId;
}
export async function canViewTeam({ user }: Auth, teamId: string) {
  if (!user) return false;
  if (user.isAdmin) return true;
  const teamUser = await getTeamUser(teamId, user.id);
  return !!teamUser;
}
export async function canViewWebsite(auth: Auth, websiteId: string) {
  if (auth.user?.isAdmin) return true;
  if (auth.shareToken?.websiteIds?.includes(websiteId)) return true;
  const entity = await getEntity(websiteId);
  return auth.user?.id === entity.userId;
}
export async function canCreateWebsite({ user }: Auth) {
  if (!user) return false;
  if (user.isAdmin) return true;
  return hasPermission(user.role, PERMISSIONS.websiteCreate);
}
export async function canSeeAnything({ user }: Auth) { return true; }
export async function canMaybe({ user }: Auth, id: string) { if (user.isAdmin) return true; return featureFlags.has(id); }
export function formatUser(user, width) { return user.name.padEnd(width); }`,
    });
    assert.deepEqual(
      Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, `${v.level}${v.objectArgs ? '+object' : ''}`])),
      { canViewUsers: 'admin', canDeleteUser: 'admin', canViewUser: 'user+object', canViewTeam: 'user+object', canViewWebsite: 'user+object', canCreateWebsite: 'user' },
    );
  });

  it('reports client modules for the UI-shell check', () => {
    const facts = runExtractor(extractor, { 'src/app/users/UsersPage.tsx': `'use client';\nexport function UsersPage() { return <div />; }` }).facts;
    assert.deepEqual(facts.map((f) => (f.kind === 'config' ? f.setting : f.kind)), ['nextjs-client-module']);
  });
});

describe("extract/js/nextjs-helpers 'use client' directive", () => {
  it('reads the directive after leading comments, and gives up quickly on a file of many comments without it', () => {
    const client = runExtractor(extractor, { 'app/a.tsx': "/* licence */\n// note\n'use client';\nexport default function A() { return null; }\n" });
    assert.equal(client.facts.length, 1);
    // Sixty comments before the code: the old pattern backtracked over every way of pairing them.
    const many = runExtractor(extractor, { 'lib/b.js': `${'/* c */\n'.repeat(60)}module.exports = function b() { return 1; };\n` });
    assert.deepEqual(many.facts, []);
  });
});
