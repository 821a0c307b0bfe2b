import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor } from './index.js';

const GATES = ['config-gated', 'webhook-signature'];

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
});
