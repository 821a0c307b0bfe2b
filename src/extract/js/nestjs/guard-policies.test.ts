import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function entrypoints(files: Record<string, string>): EntrypointFact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  return linkFacts(facts, [auth, extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

function run(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(entrypoints(files).map((e) => [`${e.method} ${e.path}`, `${e.auth}${e.tags?.includes('rate-limited') ? ' rate-limited' : ''}`]));
}

const POLICIES_GUARD = `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
@Injectable()
export class PoliciesGuard implements CanActivate {
  constructor(private reflector: Reflector, private permissions: PermissionsService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    if (request.path.indexOf('/auth') > -1) return true;
    const policyHandlers = this.reflector.get(CHECK_POLICIES_KEY, context.getHandler()) || [];
    if (!policyHandlers || !policyHandlers.length) return true;
    const { org } = request;
    const ability = await this.permissions.check(org.id, org.users[0].role, policyHandlers);
    if (policyHandlers.find((h) => !ability.can(h[0], h[1]))) throw new SubscriptionException();
    return true;
  }
}`;

const AUTH_MIDDLEWARE = `import { Injectable, NestMiddleware } from '@nestjs/common';
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  async use(req, res, next) {
    const auth = req.headers.auth || req.cookies.auth;
    if (!auth) throw new HttpForbiddenException();
    const payload = AuthService.verifyJWT(auth);
    if (!payload?.id) throw new HttpForbiddenException();
    req.user = await this.users.getUserById(payload.id);
    next();
  }
}`;

describe('extract/js/nestjs guard policies', () => {
  it('applies consumer.apply(AuthMiddleware).forRoutes(...array) only to the controllers of that array; a metadata-gated APP_GUARD authenticates nothing', () => {
    const out = run({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PoliciesGuard } from './permissions.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: PoliciesGuard }] })
export class AppModule {}`,
      'src/permissions.guard.ts': POLICIES_GUARD,
      'src/auth.middleware.ts': AUTH_MIDDLEWARE,
      'src/api.module.ts': `import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuthMiddleware } from './auth.middleware';
import { UsersController, PostsController, AuthController } from './controllers';
const authenticatedControllers = [UsersController, PostsController];
@Module({ controllers: [AuthController, ...authenticatedControllers] })
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(AuthMiddleware).forRoutes(...authenticatedControllers);
  }
}`,
      'src/controllers.ts': `import { Controller, Get, Post } from '@nestjs/common';
@Controller('users') export class UsersController { @Get('me') me() {} }
@Controller('posts') export class PostsController { @Post() create() {} }
@Controller('auth') export class AuthController { @Post('login') login() {} @Post('forgot') forgot() {} }`,
    });
    assert.deepEqual(out, { 'GET /users/me': 'user', 'POST /posts': 'user', 'POST /auth/login': 'none', 'POST /auth/forgot': 'none' });
  });

  it('keeps a guard that authenticates before reading metadata as authentication', () => {
    const out = run({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RolesAuthGuard } from './roles.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: RolesAuthGuard }] })
export class AppModule {}`,
      'src/roles.guard.ts': `import { CanActivate, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class RolesAuthGuard implements CanActivate {
  canActivate(context) {
    const req = context.switchToHttp().getRequest();
    if (!req.user) throw new UnauthorizedException();
    const roles = this.reflector.get('roles', context.getHandler());
    if (!roles) return true;
    return roles.includes(req.user.role);
  }
}`,
      'src/c.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('c') export class CController { @Get() list() {} }`,
    });
    assert.deepEqual(out, { 'GET /c': 'user' });
  });

  it('reads CASL policy decorators as admin only for subjects granted under a role test', () => {
    const out = run({
      'src/permissions.guard.ts': POLICIES_GUARD,
      'src/permissions.service.ts': `import { Ability, AbilityBuilder } from '@casl/ability';
import { Injectable } from '@nestjs/common';
@Injectable()
export class PermissionsService {
  async check(orgId, permission, requested) {
    const { can, build } = new AbilityBuilder(Ability);
    for (const [action, section] of requested) {
      if (section === Sections.POSTS_PER_MONTH) {
        const count = await this.posts.count(orgId);
        if (count < options.posts_per_month) { can(action, section); continue; }
      }
      if (section === Sections.ADMIN && ['ADMIN', 'SUPERADMIN'].includes(permission)) { can(action, section); continue; }
    }
    return build();
  }
}`,
      'src/posts.controller.ts': `import { Controller, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { PoliciesGuard } from './permissions.guard';
@UseGuards(AuthGuard('jwt'), PoliciesGuard)
@Controller('posts')
export class PostsController {
  @Post() @CheckPolicies([AuthorizationActions.Create, Sections.POSTS_PER_MONTH]) create() {}
  @Post('api-key') @CheckPolicies([AuthorizationActions.Create, Sections.ADMIN]) rotate() {}
}`,
    });
    assert.deepEqual(out, { 'POST /posts': 'user', 'POST /posts/api-key': 'admin' });
  });

  it('reads a super-admin check at the top of a handler, directly or through a same-class helper, and an admin-predicate guard', () => {
    const out = run({
      'src/super.guard.ts': `import { CanActivate, HttpException, Injectable } from '@nestjs/common';
@Injectable()
export class SuperAdminGuard implements CanActivate {
  async canActivate(context) {
    const { org } = context.switchToHttp().getRequest();
    if (!org || !(await this.orgs.hasSuperAdminUser(org.id))) throw new HttpException({ msg: 'Unauthorized' }, 403);
    return true;
  }
}`,
      'src/admin.controller.ts': `import { Controller, Get, Post, UseGuards, HttpException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { SuperAdminGuard } from './super.guard';
@UseGuards(AuthGuard('jwt'))
@Controller('admin')
export class AdminController {
  private assertSuperAdmin(user: User) {
    if (!user?.isSuperAdmin) throw new HttpException('Unauthorized', 400);
  }
  @Get('errors') list(@GetUserFromRequest() user: User) { this.assertSuperAdmin(user); return this.errors.list(); }
  @Post('impersonate') impersonate(@GetUserFromRequest() user: User, @Body('id') id: string) {
    if (!user.isSuperAdmin) { throw new HttpException('Unauthorized', 400); }
    return this.users.impersonate(id);
  }
  @Get('users') @UseGuards(SuperAdminGuard) users() {}
  @Get('mine') mine(@GetUserFromRequest() user: User, @Body() body: Dto) {
    const other = this.users.find(body.id);
    if (other.role !== 'ADMIN') throw new HttpException('no', 400);
    return other;
  }
}`,
    });
    assert.deepEqual(out, { 'GET /admin/errors': 'admin', 'POST /admin/impersonate': 'admin', 'GET /admin/users': 'admin', 'GET /admin/mine': 'user' });
  });

  it('tags rate-limited only the routes a ThrottlerGuard subclass sends to super.canActivate', () => {
    const out = run({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerBehindProxyGuard } from './throttler.provider';
@Module({ providers: [{ provide: APP_GUARD, useClass: ThrottlerBehindProxyGuard }] })
export class AppModule {}`,
      'src/throttler.provider.ts': `import { ThrottlerGuard } from '@nestjs/throttler';
import { Injectable } from '@nestjs/common';
@Injectable()
export class ThrottlerBehindProxyGuard extends ThrottlerGuard {
  public override async canActivate(context): Promise<boolean> {
    const { url, method } = context.switchToHttp().getRequest();
    if (method === 'POST' && url.includes('/public/v1/posts')) {
      return super.canActivate(context);
    }
    return true;
  }
}`,
      'src/public.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
@Controller('public/v1') export class PublicController { @Post('posts') create() {} @Get('posts') list() {} @Post('login') login() {} }`,
    });
    assert.deepEqual(out, { 'POST /public/v1/posts': 'none rate-limited', 'GET /public/v1/posts': 'none', 'POST /public/v1/login': 'none' });
  });

  it('tags a handler that first verifies a signed token from its body as a capability-token route', () => {
    const eps = entrypoints({
      'src/enterprise.controller.ts': `import { Body, Controller, Post } from '@nestjs/common';
@Controller('enterprise')
export class EnterpriseController {
  @Post('delete') async del(@Body('params') params: string) {
    try {
      const load = AuthService.verifyJWT(params);
      return this.orgs.deleteChannel(load.apiKey, load.id);
    } catch (err) {
      return { success: false };
    }
  }
  @Post('other') async other(@Body('params') params: string) {
    await this.orgs.touch(params);
    const load = AuthService.verifyJWT(params);
    return load;
  }
}`,
    });
    const got = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, !!e.tags?.includes('capability-token')]));
    assert.deepEqual(got, { 'POST /enterprise/delete': true, 'POST /enterprise/other': false });
  });

  it('reads a guard whose canActivate only returns true as an explicit public marker, not an unknown check', () => {
    const out = run({
      'src/open.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
/** Marks a route as intentionally reachable without credentials. */
@Injectable()
export class OpenRouteGuard implements CanActivate {
  canActivate(_context: ExecutionContext): boolean {
    return true;
  }
}`,
      'src/status.controller.ts': `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { OpenRouteGuard } from './open.guard';
@Controller('status')
export class StatusController {
  @Get() @UseGuards(OpenRouteGuard) read() { return 'ok'; }
  @Post('ping') @UseGuards(OpenRouteGuard) ping() { return 1; }
}`,
    });
    assert.deepEqual(out, { 'GET /status': 'none', 'POST /status/ping': 'none' });
  });
});
