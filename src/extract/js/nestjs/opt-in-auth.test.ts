import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  const eps = linkFacts(facts, [auth, extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
}

const KEYS = `export enum RouteMeta { SESSION_ROUTE = 'session_route' }`;

const DECORATORS = `import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { RouteMeta } from './keys';
type SignedInOptions = { superAdmin?: true; scope?: string };
export const SignedIn = (options?: SignedInOptions): MethodDecorator =>
  applyDecorators(ApiBearerAuth(), SetMetadata(RouteMeta.SESSION_ROUTE, options ?? {}));`;

const GUARD = `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMeta } from './keys';
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private reflector: Reflector, private sessions: SessionService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride(RouteMeta.SESSION_ROUTE, [context.getHandler(), context.getClass()]);
    if (!options) {
      return true;
    }
    const { superAdmin: needsSuperAdmin, scope } = { superAdmin: false, ...options };
    const request = context.switchToHttp().getRequest();
    request.user = await this.sessions.authenticate({ headers: request.headers, needsSuperAdmin, scope });
    return true;
  }
}`;

const CONTROLLER = `import { Controller, Get, Post } from '@nestjs/common';
import { SignedIn } from './decorators';
@Controller('reports')
export class ReportsController {
  @Get()
  @SignedIn({ scope: 'reports.read' })
  list() { return []; }

  @Post('rebuild')
  @SignedIn({ superAdmin: true })
  rebuild() { return 1; }

  @Get('health')
  health() { return 'ok'; }
}`;

const APP = `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionGuard } from './session.guard';
import { ReportsController } from './reports.controller';
@Module({ controllers: [ReportsController], providers: [{ provide: APP_GUARD, useClass: SessionGuard }] })
export class AppModule {}`;

describe('extract/js/nestjs opt-in authentication guards', () => {
  it('a global guard that passes routes without its metadata and authenticates the others: routes that set it are signed in, admin with an admin flag', () => {
    const out = run({ 'src/keys.ts': KEYS, 'src/decorators.ts': DECORATORS, 'src/session.guard.ts': GUARD, 'src/reports.controller.ts': CONTROLLER, 'src/app.module.ts': APP });
    assert.deepEqual(out, { 'GET /reports': 'user', 'POST /reports/rebuild': 'admin', 'GET /reports/health': 'none' });
  });

  it('the same guard on the controller (@UseGuards) judges its routes alike', () => {
    const out = run({
      'src/keys.ts': KEYS,
      'src/decorators.ts': DECORATORS,
      'src/session.guard.ts': GUARD,
      'src/reports.controller.ts': CONTROLLER.replace("import { Controller, Get, Post } from '@nestjs/common';", "import { Controller, Get, Post, UseGuards } from '@nestjs/common';\nimport { SessionGuard } from './session.guard';").replace("@Controller('reports')", "@Controller('reports')\n@UseGuards(SessionGuard)"),
      'src/app.module.ts': APP.replace(", providers: [{ provide: APP_GUARD, useClass: SessionGuard }]", ''),
    });
    assert.deepEqual(out, { 'GET /reports': 'user', 'POST /reports/rebuild': 'admin', 'GET /reports/health': 'none' });
  });

  it('a metadata-gated guard that only checks a feature switch past the gate authenticates no one', () => {
    const featureGuard = GUARD.replace('request.user = await this.sessions.authenticate({ headers: request.headers, needsSuperAdmin, scope });', 'if (!this.sessions.featureEnabled(scope)) throw new NotFoundException();');
    const out = run({ 'src/keys.ts': KEYS, 'src/decorators.ts': DECORATORS, 'src/session.guard.ts': featureGuard, 'src/reports.controller.ts': CONTROLLER, 'src/app.module.ts': APP });
    assert.deepEqual(out, { 'GET /reports': 'none', 'POST /reports/rebuild': 'none', 'GET /reports/health': 'none' });
  });
});
