// An OAuth callback exchanging its authorization code is a step of a sign-in (public by design),
// not a route guarded by the exchange, in every framework reading handlers through the shared classifier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as astro } from '../astro/index.js';
import { extractor as nextjs } from '../nextjs/index.js';

function routes(facts: readonly { kind: string }[]): Map<string, EntrypointFact> {
  const out = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint') out.set(`${(f as EntrypointFact).method} ${(f as EntrypointFact).path}`, f as EntrypointFact);
  return out;
}

const EXPRESS = `const express = require('express');
const { google } = require('googleapis');
const { User } = require('./models');
const app = express();
const oauth2Client = new google.auth.OAuth2(process.env.GOOGLE_ID, process.env.GOOGLE_SECRET, process.env.GOOGLE_REDIRECT);

app.get('/auth/google/callback', async (req, res) => {
  const { code, state } = req.query;
  if (!code || state !== req.cookies.oauth_state) return res.status(400).send('bad request');
  try {
    const { tokens } = await oauth2Client.getToken(code);
    const ticket = await oauth2Client.verifyIdToken({ idToken: tokens.id_token });
    const user = await User.findOne({ googleId: ticket.getPayload().sub });
    if (!user) return res.redirect('/login?error=no-account');
    req.session.userId = user.id;
    res.redirect('/');
  } catch (e) {
    res.status(401).send('sign-in failed');
  }
});

app.get('/settings/github/callback', async (req, res) => {
  if (!req.user) return res.status(401).end();
  const tokens = await github.validateAuthorizationCode(req.query.code, req.cookies.github_code_verifier);
  await User.updateOne({ _id: req.user.id }, { githubToken: tokens.accessToken() });
  res.redirect('/settings');
});

app.get('/auth/oidc/callback', async (req, res) => {
  const params = oidcClient.callbackParams(req);
  const tokenSet = await oidcClient.callback(process.env.OIDC_REDIRECT, params, { code_verifier: req.session.codeVerifier, state: req.session.oauthState });
  const claims = tokenSet.claims();
  const user = await User.findOne({ email: claims.email });
  if (!user) return res.status(403).json({ error: 'no account' });
  res.json({ token: jwt.sign({ sub: user.id }, process.env.JWT_SECRET) });
});

app.get('/login/github/callback', async (req, res) => {
  const { code, state } = req.query;
  if (!code || state !== req.cookies.github_oauth_state) return res.status(401).end();
  const tokens = await github.validateAuthorizationCode(code, req.cookies.github_code_verifier);
  const user = await User.upsert({ githubId: (await fetchGithubUser(tokens.accessToken())).id });
  res.cookie('sid', await sessions.create(user.id), { httpOnly: true });
  res.redirect('/');
});

app.get('/api/me', async (req, res) => {
  const user = await getToken({ req });
  if (!user) return res.status(401).end();
  res.json(user);
});
`;

const ASTRO = `import { googleAuth, lucia } from '@/lib/auth';
import { OAuth2RequestError } from 'arctic';
import { parseJWT } from 'oslo/jwt';
import { getAccountByProvider } from '@/db/models/account';
import type { APIContext, AstroCookies } from 'astro';

export async function GET(context: APIContext): Promise<Response> {
  if (context.locals.user) return context.redirect('/');
  const code = context.url.searchParams.get('code');
  const state = context.url.searchParams.get('state');
  const storedState = context.cookies.get('google_oauth_state')?.value ?? null;
  const storedCodeVerifier = context.cookies.get('google_oauth_code_verifier')?.value ?? null;
  const flowType = context.cookies.get('google_oauth_flow')?.value ?? null;
  if (!flowType || !code || !state || !storedState || !storedCodeVerifier || state !== storedState) {
    return new Response(null, { status: 400 });
  }
  try {
    const tokens = await googleAuth.validateAuthorizationCode(code, storedCodeVerifier);
    const data = parseJWT(tokens.idToken)!.payload;
    if (!data.email_verified) return context.redirect('/signup?error=unverified');
    const account = await getAccountByProvider({ provider: 'google', providerAccountId: data.sub });
    if (flowType === 'login') {
      if (!account) return context.redirect('/login?error=not-found');
      await setSession(account, context.cookies);
      return context.redirect('/');
    }
    return context.redirect('/login?error=flow');
  } catch (e) {
    if (e instanceof OAuth2RequestError) return new Response(null, { status: 400 });
    return new Response(null, { status: 500 });
  }
}

async function setSession(account: { userId: string }, cookies: AstroCookies) {
  const session = await lucia.createSession(account.userId, {});
  const sessionCookie = lucia.createSessionCookie(session.id);
  cookies.set(sessionCookie.name, sessionCookie.value, sessionCookie.attributes);
}
`;

const NEXT = `import { cookies } from 'next/headers';
import { github, lucia } from '@/lib/auth';
import { db } from '@/lib/db';

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  const storedState = cookies().get('github_oauth_state')?.value ?? null;
  if (!code || !state || state !== storedState) return new Response(null, { status: 400 });
  const tokens = await github.validateAuthorizationCode(code);
  const githubUser = await (await fetch('https://api.github.com/user', { headers: { Authorization: \`Bearer \${tokens.accessToken}\` } })).json();
  const user = await db.user.upsert({ where: { githubId: githubUser.id }, create: { githubId: githubUser.id }, update: {} });
  const session = await lucia.createSession(user.id, {});
  const sessionCookie = lucia.createSessionCookie(session.id);
  cookies().set(sessionCookie.name, sessionCookie.value, sessionCookie.attributes);
  return new Response(null, { status: 302, headers: { Location: '/' } });
}
`;

const NEXT_CONNECT = `import { getSession } from '@/lib/auth';
import { slackOAuthProvider } from '@/lib/slack';
import { prisma } from '@/lib/prisma';
import { redirect } from 'next/navigation';

export const GET = async (req: Request) => {
  const session = await getSession();
  if (!session?.user.id) return new Response('Unauthorized', { status: 401 });
  const { token, contextId } = await slackOAuthProvider.exchangeCodeForToken(req);
  await prisma.installedIntegration.create({ data: { userId: session.user.id, projectId: contextId, credentials: token } });
  redirect('/settings/integrations');
};
`;

describe('oauth code exchange', () => {
  it('reads an Express OAuth callback as a public login step, and keeps a connect callback behind its login', () => {
    const r = routes(runExtractor(express, { 'src/app.js': EXPRESS }).facts);
    const callback = r.get('GET /auth/google/callback');
    assert.equal(callback?.auth, 'none', JSON.stringify(callback?.authEvidence));
    assert.ok(callback?.tags?.includes('login') && callback.tags.includes('federated'), callback?.tags?.join(','));
    // arctic with the state and PKCE verifier in cookies: a mismatched state is refused, no caller checked.
    const github = r.get('GET /login/github/callback');
    assert.equal(github?.auth, 'none', JSON.stringify(github?.authEvidence));
    assert.ok(github?.tags?.includes('login') && github.tags.includes('federated'), github?.tags?.join(','));
    // openid-client: the callback's parameters exchanged, then a token of the app's own issued.
    const oidc = r.get('GET /auth/oidc/callback');
    assert.equal(oidc?.auth, 'none', JSON.stringify(oidc?.authEvidence));
    assert.ok(oidc?.tags?.includes('login') && oidc.tags.includes('federated'), oidc?.tags?.join(','));
    // Linking a provider account to the signed-in user still requires that login.
    const connect = r.get('GET /settings/github/callback');
    assert.equal(connect?.auth, 'user');
    assert.ok(!connect?.tags?.includes('login'), connect?.tags?.join(','));
    // next-auth's getToken({ req }) is a session read, not an exchange.
    assert.equal(r.get('GET /api/me')?.auth, 'user');
  });

  it('reads an Astro callback (arctic validateAuthorizationCode, PKCE cookies) as a public login step', () => {
    const r = routes(runExtractor(astro, { 'src/pages/login/google/callback.ts': ASTRO }).facts);
    const callback = r.get('GET /login/google/callback');
    assert.equal(callback?.auth, 'none', JSON.stringify(callback?.authEvidence));
    assert.ok(callback?.tags?.includes('login') && callback.tags.includes('federated'), callback?.tags?.join(','));
  });

  it('tags a Next.js route handler exchanging a code as a federated login', () => {
    const r = routes(runExtractor(nextjs, { 'app/login/github/callback/route.ts': NEXT, 'app/api/slack/callback/route.ts': NEXT_CONNECT }).facts);
    const callback = r.get('GET /login/github/callback');
    assert.equal(callback?.auth, 'none');
    assert.ok(callback?.tags?.includes('login') && callback.tags.includes('federated'), callback?.tags?.join(','));
    // Installing an integration for the signed-in user: its session check guards it, no login step.
    const connect = r.get('GET /api/slack/callback');
    assert.equal(connect?.auth, 'user');
    assert.ok(!connect?.tags?.includes('login') && !connect?.tags?.includes('federated'), connect?.tags?.join(','));
  });
});
