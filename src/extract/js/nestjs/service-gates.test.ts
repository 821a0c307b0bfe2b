import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor } from './index.js';

const GATES = ['config-gated', 'webhook-signature', 'bootstrap-once'];

function run(files: Record<string, string>): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [extractor]).facts);
  const eps = linkFacts(facts, [extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, (e.tags ?? []).filter((t) => GATES.includes(t) || t.startsWith('~')).join(' ')]));
}

describe('extract/js/nestjs gates kept in code', () => {
  it('tags a route whose service method first refuses on configuration, checks an HMAC signature or builds a strict SDK handler', () => {
    const out = run({
      'src/auth.service.ts': `import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { Client, RequestHandler } from '@acme/bridge-sdk';
@Injectable()
export class AuthService {
  constructor(private readonly configService: ConfigService) {}
  async noAuthToken() {
    if (this.configService.ui.auth !== 'none') throw new UnauthorizedException();
    return 'token';
  }
  async register(body: unknown) {
    if (process.env.DISABLE_SIGNUP === 'true') throw new ForbiddenException();
    return body;
  }
  async changePassword(user: string, password: string) {
    const known = Buffer.from(this.hashes[user]);
    if (!timingSafeEqual(pbkdf2Sync(password, 'salt', 1000, 64, 'sha512'), known)) throw new ForbiddenException();
  }
  async deploy(signature: string, body: unknown) {
    const expected = createHmac('sha256', this.configService.secret).update(JSON.stringify(body)).digest('hex');
    if (expected !== signature) throw new UnauthorizedException();
  }
  async bridge(req: unknown, res: unknown) {
    const handler = new RequestHandler({ client: new Client({ secretKey: this.configService.key, strictAuthentication: true }) });
    return handler.createHandler()(req, res);
  }
}`,
      'src/auth.controller.ts': `import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { AuthService } from './auth.service';
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}
  @Post('noauth') token() { return this.auth.noAuthToken(); }
  @Post('register') register(@Body() body: unknown) { return this.auth.register(body); }
  @Post('password') password(@Body() body: { user: string; password: string }) { return this.auth.changePassword(body.user, body.password); }
  @Post('deploy') deploy(@Body() body: unknown, @Headers('x-signature') sig: string) { return this.auth.deploy(sig, body); }
  @Post('bridge') bridge(@Req() req: unknown, @Res() res: unknown) { return this.auth.bridge(req, res); }
  @Post('own') own() {
    if (!this.settings.enableNoAuth) throw new UnauthorizedException();
    return 1;
  }
}`,
    });
    assert.deepEqual(out, {
      'POST /auth/noauth': 'config-gated',
      'POST /auth/register': '',
      'POST /auth/password': '',
      'POST /auth/deploy': 'webhook-signature',
      'POST /auth/bridge': 'webhook-signature',
      'POST /auth/own': 'config-gated',
    });
  });

  it('tags a first-administrator sign-up whose service refuses once an administrator or any account exists', () => {
    const out = run({
      'src/setup.service.ts': `import { BadRequestException, Injectable } from '@nestjs/common';
@Injectable()
export class SetupService {
  constructor(private readonly accounts: AccountRepository, private readonly db: Database) {}
  async firstOwner(input: { email: string }) {
    const owner = await this.accounts.findOwner();
    if (owner) {
      throw new BadRequestException('already set up');
    }
    return this.accounts.create({ ...input, owner: true });
  }
  async seed(input: unknown) {
    if ((await this.db.user.count()) > 0) throw new BadRequestException('not empty');
    return input;
  }
  async invite(input: { email: string }) {
    const existing = await this.accounts.findUserByEmail(input.email);
    if (existing) throw new BadRequestException('taken');
    return this.accounts.create(input);
  }
}`,
      'src/setup.controller.ts': `import { Body, Controller, Post } from '@nestjs/common';
import { SetupService } from './setup.service';
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}
  @Post('owner') owner(@Body() body: { email: string }) { return this.setup.firstOwner(body); }
  @Post('seed') seed(@Body() body: unknown) { return this.setup.seed(body); }
  @Post('invite') invite(@Body() body: { email: string }) { return this.setup.invite(body); }
}`,
    });
    assert.deepEqual(out, { 'POST /setup/owner': 'bootstrap-once', 'POST /setup/seed': 'bootstrap-once', 'POST /setup/invite': '' });
  });
});
