import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function facts(source: string, path = 'src/auth/strategy.ts'): string[] {
  return runExtractor(extractor, { [path]: source })
    .facts.filter((f): f is ConfigFact => f.kind === 'config')
    .map((f) => `${f.evidence.line} ${f.values.key} ${f.values.strategy}`);
}

describe('extract/js/oauth-linking', () => {
  it('finds a NestJS validate() that logs into the account found by the profile email or username', () => {
    assert.deepEqual(
      facts(`import { PassportStrategy } from '@nestjs/passport';
import { Profile, Strategy } from 'passport-github2';
export class GitHubStrategy extends PassportStrategy(Strategy, 'github') {
  async validate(_a: string, _r: string, profile: Profile, done: Function) {
    const { emails, username } = profile;
    const email = (emails?.[0].value ?? \`\${username}@github.com\`).toLocaleLowerCase();
    const user = (await this.users.findOneByIdentifier(email)) ??
      (username ? await this.users.findOneByIdentifier(username) : null);
    if (!user) throw new Error('no');
    done(null, user);
  }
}
`),
      ['8 username passport-github2'],
    );
  });

  it('finds passport.use(new Strategy(…, verify)) with an email lookup, callback and promise styles', () => {
    assert.deepEqual(
      facts(`const GoogleStrategy = require('passport-google-oauth20').Strategy;
const { Strategy: OidcStrategy } = require('passport-openidconnect');
passport.use(new GoogleStrategy({ clientID }, (accessToken, refreshToken, profile, cb) => {
  User.findOne({ email: profile.emails[0].value }, (err, user) => {
    if (user) return cb(null, user);
    User.create({ email: profile.emails[0].value, googleId: profile.id }).then((u) => cb(null, u));
  });
}));
passport.use(new OidcStrategy({ issuer }, (issuer, profile, done) => {
  db.users.findByEmail(profile._json.email.toLowerCase()).then((account) => done(null, account));
}));
`, 'src/passport.js'),
      ['4 email passport-google-oauth20', '10 email passport-openidconnect'],
    );
  });

  it('keeps subject-id matches, verified addresses, checked accounts and local strategies out', () => {
    assert.deepEqual(
      facts(`const GitHubStrategy = require('passport-github2').Strategy;
const GoogleStrategy = require('passport-google-oauth20').Strategy;
const LocalStrategy = require('passport-local').Strategy;
passport.use(new GitHubStrategy({}, async (a, r, profile, done) => {
  const user = await User.findOne({ githubId: profile.id });
  done(null, user);
}));
passport.use(new GitHubStrategy({}, async (a, r, profile, done) => {
  const user = await prisma.account.findFirst({ where: { provider: 'github', email: profile.emails[0].value } });
  done(null, user);
}));
passport.use(new GoogleStrategy({}, async (a, r, profile, done) => {
  if (!profile._json.email_verified) return done(null, false);
  const user = await User.findOne({ email: profile._json.email });
  done(null, user);
}));
passport.use(new GitHubStrategy({}, async (a, r, profile, done) => {
  const user = await User.findOne({ email: profile.emails[0].value });
  if (user && user.githubId !== profile.id) return done(null, false);
  done(null, user);
}));
passport.use(new LocalStrategy(async (username, password, done) => {
  const user = await User.findOne({ username });
  done(null, user);
}));
`, 'src/passport.js'),
      [],
    );
  });

  it('takes a Google username as the address (Google profiles have none)', () => {
    assert.deepEqual(
      facts(`import { Strategy } from 'passport-google-oauth20';
export class G extends PassportStrategy(Strategy, 'google') {
  async validate(_a, _r, profile) {
    const user = await this.users.findOne(profile.username);
    return user;
  }
}
`),
      ['4 email passport-google-oauth20'],
    );
  });
});
