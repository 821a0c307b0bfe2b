import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './missing-rate-limit-auth-routes.js';

describe('missing-rate-limit-auth-routes: rated by what unlimited requests give', () => {
  it('a sign-up gives spam accounts (medium at most); a login gives accounts (high)', async () => {
    const dir = new URL('./missing-rate-limit-auth-routes.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string, line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file && t.evidence[0]?.line === line);
    for (const [file, line] of [['routes/records.js', 33], ['koa-auth/server.js', 18]] as const) assert.equal(at(file, line)?.severity, 'medium', `${file}:${line}`);
    assert.equal(at('routes/auth.js', 8)?.severity, 'high');
    assert.equal(at('routes/auth.js', 31)?.severity, 'medium', 'a forgot-password request sends mail, it guesses nothing');
    assert.equal(at('routes/auth.js', 36)?.severity, 'medium', 'a reset redeems a random e-mailed token: guessing it is impractical');
  });
});

describe('missing-rate-limit-auth-routes: limiters the route runs', () => {
  it('counts a limiter checked inside a NextAuth credentials provider authorize(), unless a setting switches it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-ratelimit-'));
    const auth = (limited: boolean | 'switched') => `import CredentialsProvider from 'next-auth/providers/credentials';
import { verifyPassword } from './passwords';
import { limiter } from './limiter';
export const authOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: { type: 'password' } },
      async authorize(credentials) {
        ${limited === 'switched' ? 'if (serverConfig.rateLimiting.enabled) {' : ''}
        ${limited ? "const result = await limiter.checkRateLimit({ name: 'login', maxRequests: 10 }, credentials.email);\n        if (!result.allowed) throw new Error('Too many login attempts');" : ''}
        ${limited === 'switched' ? '}' : ''}
        return verifyPassword(credentials.email, credentials.password);
      },
    }),
  ],
};
`;
    try {
      const files: Record<string, string> = {
        'package.json': '{ "name": "notes", "private": true, "dependencies": { "next": "14.2.3", "next-auth": "4.24.7" } }',
        'pages/api/auth/[...nextauth].ts': "import NextAuth from 'next-auth';\nimport { authOptions } from '../../../lib/auth';\nexport default NextAuth(authOptions);\n",
      };
      const findings = async (limited: boolean | 'switched') => {
        for (const [path, text] of Object.entries({ ...files, 'lib/auth.ts': auth(limited) })) {
          mkdirSync(join(dir, path, '..'), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
        const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
        return model.threats.map((t) => `${t.title} (${t.severity})`);
      };
      assert.deepEqual(await findings(false), ['No rate limit on POST /api/auth/callback/credentials (high)']);
      assert.deepEqual(await findings(true), []);
      // Only when a setting switches it on: reported as a configuration gap, medium.
      assert.deepEqual(await findings('switched'), ['Rate limit off unless configured on POST /api/auth/callback/credentials (medium)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('missing-rate-limit-auth-routes: internet-facing resets and sign-ups', () => {
  it('keeps a published reset request, reset redemption and passport sign-up at medium, and a login high', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-ratelimit-'));
    try {
      const files: Record<string, string> = {
        'package.json': '{ "name": "shop", "dependencies": { "express": "^4.18.2", "express-session": "^1.17.3", "passport": "^0.7.0", "passport-local": "^1.0.0", "pg": "^8.0.0" } }',
        'docker-compose.yml': 'services:\n  web:\n    build: .\n    ports:\n      - "80:3000"\n',
        'Dockerfile': 'FROM node:20\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
        'server.js': [
          "const express = require('express');",
          "const passport = require('passport');",
          "const { Pool } = require('pg');",
          'const db = new Pool();',
          'const app = express();',
          "app.post('/login', passport.authenticate('login', { successRedirect: '/' }));",
          "app.post('/register', passport.authenticate('signup', { successRedirect: '/' }));",
          "app.post('/forgotpw', async (req, res) => { await db.query('SELECT id FROM users WHERE login = $1', [req.body.login]); res.redirect('/login'); });",
          "app.post('/reset', async (req, res) => { await db.query('UPDATE users SET password = $1 WHERE token = $2', [req.body.password, req.body.token]); res.redirect('/login'); });",
          'app.listen(3000);',
        ].join('\n'),
      };
      for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
      const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
      const rated = model.threats.map((t) => `${t.title} (${t.severity})`).sort();
      assert.deepEqual(rated, ['No rate limit on POST /forgotpw (medium)', 'No rate limit on POST /login (high)', 'No rate limit on POST /register (medium)', 'No rate limit on POST /reset (medium)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('missing-rate-limit-auth-routes: account lockout', () => {
  it('rates an ASP.NET Identity sign-in that locks the account after failures one step lower', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-ratelimit-'));
    const controller = (lockout: boolean) => `using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

public class AccountController : Controller
{
    private readonly SignInManager<IdentityUser> _signIn;

    [HttpPost]
    public async Task<IActionResult> Login(LoginModel model)
    {
        var result = await _signIn.PasswordSignInAsync(model.Email, model.Password, false, lockoutOnFailure: ${lockout ? 'true' : 'false'});
        return result.Succeeded ? Redirect("/") : View(model);
    }
}
`;
    try {
      const findings = async (lockout: boolean) => {
        mkdirSync(join(dir, 'Portal/Controllers'), { recursive: true });
        writeFileSync(join(dir, 'Portal/Portal.csproj'), '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>\n');
        writeFileSync(join(dir, 'Portal/Controllers/AccountController.cs'), controller(lockout));
        const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
        return model.threats.map((t) => `${t.title} (${t.severity})`);
      };
      assert.deepEqual(await findings(false), ['No rate limit on POST /Account/Login (high)']);
      assert.deepEqual(await findings(true), ['No rate limit on POST /Account/Login (medium)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('missing-rate-limit-auth-routes: account lockout in a JS login service', () => {
  it('rates a Nest login lower when its service locks the account after repeated failed passwords', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-ratelimit-'));
    const service = (locks: boolean) => `import { Injectable, UnauthorizedException } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { AccountsRepo } from './accounts.repo';
@Injectable()
export class SessionService {
  constructor(private readonly accounts: AccountsRepo) {}
  private async checkCredentials(email: string, password: string) {
    const account = await this.accounts.byEmail(email);
    if (!account) throw new UnauthorizedException();
    ${locks ? "if (account.failedLoginCount >= 5) throw new UnauthorizedException('Locked');" : ''}
    if (!(await bcrypt.compare(password, account.passwordHash))) {
      ${locks ? 'await this.accounts.save({ id: account.id, failedLoginCount: account.failedLoginCount + 1 });' : ''}
      throw new UnauthorizedException();
    }
    return account;
  }
  async signIn(email: string, password: string) {
    const account = await this.checkCredentials(email, password);
    return { token: account.id };
  }
}
`;
    try {
      const files: Record<string, string> = {
        'package.json': '{ "name": "crm", "dependencies": { "@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0", "bcrypt": "^5.1.0" } }',
        'src/session.controller.ts': "import { Body, Controller, Post } from '@nestjs/common';\nimport { SessionService } from './session.service';\n@Controller('session')\nexport class SessionController {\n  constructor(private readonly sessions: SessionService) {}\n  @Post('login')\n  login(@Body() body: { email: string; password: string }) {\n    return this.sessions.signIn(body.email, body.password);\n  }\n}\n",
      };
      const findings = async (locks: boolean) => {
        for (const [path, text] of Object.entries({ ...files, 'src/session.service.ts': service(locks) })) {
          mkdirSync(join(dir, path, '..'), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
        const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
        return model.threats.map((t) => `${t.title} (${t.severity})`);
      };
      assert.deepEqual(await findings(false), ['No rate limit on POST /session/login (high)']);
      // Guessing one account's password is bounded by the lockout; spraying many accounts is not.
      assert.deepEqual(await findings(true), ['No rate limit on POST /session/login (medium)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
