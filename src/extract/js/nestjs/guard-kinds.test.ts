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

const TAGS = ['permission-gated', 'object-level-authz', 'machine-credential', 'login', 'csrf-protected'];

function run(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(entrypoints(files).map((e) => [`${e.method} ${e.path}`, [e.auth, ...(e.tags ?? []).filter((t) => TAGS.includes(t))].join(' ')]));
}

const JWT_GUARD = `import { AuthGuard } from '@nestjs/passport';
import { Injectable } from '@nestjs/common';
@Injectable() export class JwtAuthGuard extends AuthGuard('jwt') {}`;

const PERMISSION_GUARD = `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HAS_PERMISSION_KEY } from './has-permission.decorator';
@Injectable()
export class HasPermissionGuard implements CanActivate {
  constructor(private reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const { user } = context.switchToHttp().getRequest();
    const required = this.reflector.get<string>(HAS_PERMISSION_KEY, context.getHandler());
    if (!required) return true;
    if (!user || !user.permissions.includes(required)) throw new ForbiddenException();
    return true;
  }
}`;

const CONTROLLER = `import { Controller, Delete, Get, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { HasPermission } from './has-permission.decorator';
import { HasPermissionGuard } from './has-permission.guard';
import { permissions } from '@acme/common/permissions';
@Controller('items')
export class ItemsController {
  @HasPermission(permissions.createItem)
  @UseGuards(AuthGuard('jwt'), HasPermissionGuard)
  @Post() create() {}
  @HasPermission(permissions.deleteAnyItem)
  @UseGuards(AuthGuard('jwt'), HasPermissionGuard)
  @Delete(':id') remove() {}
  @HasPermission(permissions.exportItems)
  @UseGuards(AuthGuard('jwt'), HasPermissionGuard)
  @Get('export') exportAll() {}
  @HasPermission(permissions.impersonate)
  @UseGuards(AuthGuard('jwt'), HasPermissionGuard)
  @Post('impersonate') impersonate() {}
}`;

describe('extract/js/nestjs guard kinds and permission decorators', () => {
  it('judges @HasPermission(x) by the role map (a switch on the role, in a library without Nest) and run-time grants', () => {
    const out = run({
      'libs/common/permissions.ts': `export const permissions = { createItem: 'createItem', deleteAnyItem: 'deleteAnyItem', exportItems: 'exportItems', impersonate: 'impersonate' };
export function getPermissions(aRole: Role): string[] {
  switch (aRole) {
    case 'ADMIN': return [permissions.createItem, permissions.deleteAnyItem];
    case 'USER': return [permissions.createItem];
    default: return [];
  }
}`,
      'src/user.service.ts': `import { Injectable } from '@nestjs/common';
import { getPermissions, permissions } from '@acme/common/permissions';
@Injectable() export class UserService {
  permissionsOf(user) {
    const currentPermissions = getPermissions(user.role);
    if (user.subscription === 'premium') currentPermissions.push(permissions.exportItems);
    if (hasRole(user, Role.ADMIN)) { currentPermissions.push(permissions.impersonate); }
    return currentPermissions;
  }
}`,
      'src/has-permission.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const HAS_PERMISSION_KEY = 'has_permission';
export function HasPermission(permission: string) { return SetMetadata(HAS_PERMISSION_KEY, permission); }`,
      'src/has-permission.guard.ts': PERMISSION_GUARD,
      'src/items.controller.ts': CONTROLLER,
    });
    assert.deepEqual(out, {
      'POST /items': 'user permission-gated',
      'DELETE /items/:id': 'admin',
      'GET /items/export': 'user permission-gated',
      'POST /items/impersonate': 'admin',
    });
  });

  it('reads an object keyed by role as the map; without any map a permission is user, permission-gated', () => {
    const files = {
      'src/has-permission.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const HAS_PERMISSION_KEY = 'has_permission';
export const HasPermission = (p: string) => SetMetadata(HAS_PERMISSION_KEY, p);`,
      'src/has-permission.guard.ts': PERMISSION_GUARD,
      'src/items.controller.ts': CONTROLLER,
    };
    const map = `export const ROLE_PERMISSIONS = { [Role.Admin]: [permissions.createItem, permissions.deleteAnyItem, permissions.exportItems], [Role.Member]: [permissions.createItem, permissions.exportItems] };`;
    assert.deepEqual(run({ ...files, 'src/roles.ts': map }), {
      'POST /items': 'user permission-gated',
      'DELETE /items/:id': 'admin',
      'GET /items/export': 'user permission-gated',
      // Not in the map: the decorator's own name decides (no admin word): a signed-in holder.
      'POST /items/impersonate': 'user permission-gated',
    });
    assert.deepEqual(run(files), {
      'POST /items': 'user permission-gated',
      'DELETE /items/:id': 'user permission-gated',
      'GET /items/export': 'user permission-gated',
      'POST /items/impersonate': 'user permission-gated',
    });
  });

  it('reads a per-record ACL guard as user with an object-level check, and a feature-switch guard as no authentication', () => {
    const out = run({
      'src/permissions.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PERMISSION_METADATA_KEY } from './require-permission.decorator';
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly permissionsService: PermissionService, private readonly noteService: NoteService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.extractRequiredPermission(context);
    const request = context.switchToHttp().getRequest();
    const userId = request.userId;
    if (userId === undefined) return false;
    const noteId = await extractNoteIdFromRequest(request, this.noteService);
    if (noteId === undefined) return false;
    const level = await this.permissionsService.determinePermission(userId, noteId);
    return level >= required;
  }
  private extractRequiredPermission(context: ExecutionContext): PermissionLevel {
    const p = this.reflector.get<PermissionLevel>(PERMISSION_METADATA_KEY, context.getHandler());
    if (p === undefined) throw new Error('no metadata');
    return p;
  }
}`,
      'src/guests-enabled.guard.ts': `import { CanActivate, Inject, Injectable } from '@nestjs/common';
@Injectable()
export class GuestsEnabledGuard implements CanActivate {
  constructor(@Inject(noteConfiguration.KEY) private noteConfig: NoteConfig) {}
  canActivate(): boolean {
    if (this.noteConfig.permissions.maxGuestLevel === PermissionLevel.DENY) throw new FeatureDisabledError('Guest usage is disabled for this user');
    return true;
  }
}`,
      'src/logged-in.guard.ts': `import { CanActivate, Injectable } from '@nestjs/common';
@Injectable()
export class LoggedInGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}
  canActivate(): boolean {
    if (!this.auth.isLoggedIn()) throw new UnauthorizedException();
    return true;
  }
}`,
      'src/session.guard.ts': `import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class SessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (!request.session?.userId) throw new UnauthorizedException();
    request.userId = request.session.userId;
    return true;
  }
}`,
      'src/notes.controller.ts': `import { Controller, Delete, Get, Post, UseGuards } from '@nestjs/common';
import { SessionGuard } from './session.guard';
import { PermissionsGuard } from './permissions.guard';
import { GuestsEnabledGuard } from './guests-enabled.guard';
import { LoggedInGuard } from './logged-in.guard';
@UseGuards(SessionGuard, PermissionsGuard)
@Controller('notes')
export class NotesController {
  @RequirePermission(PermissionLevel.READ) @Get(':noteAlias') get() {}
  @RequirePermission(PermissionLevel.FULL) @Delete(':noteAlias') remove() {}
}
@Controller('auth/guest')
export class GuestController {
  @UseGuards(GuestsEnabledGuard) @Post('register') register() {}
  @UseGuards(LoggedInGuard) @Post('upgrade') upgrade() {}
}`,
    });
    assert.deepEqual(out, {
      'GET /notes/:noteAlias': 'user object-level-authz',
      'DELETE /notes/:noteAlias': 'user object-level-authz',
      'POST /auth/guest/register': 'none',
      // A service decides (it may read a request-scoped caller): not a feature switch.
      'POST /auth/guest/upgrade': 'user',
    });
  });

  it('reads a guard that passes only when the record the path names is public as no authentication', () => {
    const out = run({
      'src/published.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
@Injectable()
export class PublishedBoardGuard implements CanActivate {
  constructor(private boards: BoardsService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest();
    if (!req.params.slug) return false;
    const board = await this.boards.findBySlug(req.params.slug);
    req.board = board;
    return !!board?.isPublic;
  }
}
@Injectable()
export class MemberBoardGuard implements CanActivate {
  constructor(private boards: BoardsService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest();
    const board = await this.boards.findBySlug(req.params.slug);
    return board.isPublic || board.members.includes(req.user.id);
  }
}`,
      'src/boards.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';
import { PublishedBoardGuard, MemberBoardGuard } from './published.guard';
@Controller('boards')
export class BoardsController {
  @UseGuards(PublishedBoardGuard) @Get('public/:slug') show() {}
  @UseGuards(MemberBoardGuard) @Get(':slug') view() {}
}`,
    });
    assert.equal(out['GET /boards/public/:slug'], 'none');
    // It reads the caller too: not a visibility check alone.
    assert.notEqual(out['GET /boards/:slug'], 'none');
  });

  it('reads a Passport guard subclass that runs the check only when the cookie is sent as optional', () => {
    const out = run({
      'src/optional.guard.ts': `import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class MaybeSignedInGuard extends AuthGuard('jwt') {
  async canActivate(context: ExecutionContext): Promise<any> {
    let caller;
    const request = context.switchToHttp().getRequest();
    request.lenient = true;
    if (request?.cookies['sid']) {
      try {
        caller = await super.canActivate(context);
      } catch (err) {
        return true;
      }
      return caller;
    }
    return true;
  }
}
@Injectable()
export class CookieOnlyGuard extends AuthGuard('jwt') {
  async canActivate(context: ExecutionContext): Promise<any> {
    const request = context.switchToHttp().getRequest();
    if (request.cookies['sid']) {
      return super.canActivate(context);
    }
    return false;
  }
}`,
      'src/session.controller.ts': `import { Controller, Post, UseGuards } from '@nestjs/common';
import { MaybeSignedInGuard, CookieOnlyGuard } from './optional.guard';
@Controller('session')
export class SessionController {
  @UseGuards(MaybeSignedInGuard) @Post('switch/:orgId') switchOrg() {}
  @UseGuards(CookieOnlyGuard) @Post('renew') renew() {}
}`,
    });
    assert.equal(out['POST /session/switch/:orgId'], 'none');
    assert.equal(out['POST /session/renew'], 'user');
  });

  it('does not count a global guard that lets requests without its header through as authentication', () => {
    const out = run({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ImpersonationWriteGuard } from './impersonation-write.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: ImpersonationWriteGuard }] })
export class AppModule {}`,
      'src/impersonation-write.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
@Injectable()
export class ImpersonationWriteGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (request.method === 'GET') return true;
    if (!request.headers?.[HEADER_KEY_IMPERSONATION.toLowerCase()]) return true;
    throw new ForbiddenException();
  }
}`,
      'src/info.controller.ts': `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Controller('info')
export class InfoController {
  @Get() info() {}
  @UseGuards(AuthGuard('jwt')) @Post() update() {}
}`,
    });
    assert.deepEqual(out, { 'GET /info': 'none', 'POST /info': 'user' });
  });

  it('tags routes behind an API-key Passport strategy machine-credential and reads a mixin OAuth guard factory as a login step', () => {
    const out = run({
      'src/api-key.strategy.ts': `import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
@Injectable() export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {}`,
      'src/google.strategy.ts': `import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-google-oauth20';
@Injectable() export class GoogleStrategy extends PassportStrategy(Strategy, 'google') {}`,
      'src/oauth-callback.guard.ts': `import { mixin } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
export function OAuthCallbackGuard(strategy: string) {
  class OAuthCallbackGuardMixin extends AuthGuard(strategy) {
    handleRequest(error, user) { return user; }
  }
  return mixin(OAuthCallbackGuardMixin);
}`,
      'src/jwt.guard.ts': JWT_GUARD,
      'src/data.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { OAuthCallbackGuard } from './oauth-callback.guard';
@Controller('data')
export class DataController {
  @UseGuards(AuthGuard('api-key')) @Get('quotes') quotes() {}
  @UseGuards(OAuthCallbackGuard('google')) @Get('google/callback') callback() {}
}`,
    });
    assert.deepEqual(out, { 'GET /data/quotes': 'user machine-credential', 'GET /data/google/callback': 'none login' });
  });

  it('applies a global CSRF guard only to the methods and paths its early returns leave', () => {
    const out = run({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CsrfGuard } from './csrf.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: CsrfGuard }] })
export class AppModule {}`,
      'src/csrf.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
const UNPROTECTED_METHODS = ['GET', 'HEAD', 'OPTIONS'];
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private reflector: Reflector) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const isCsrfExempt = this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT_KEY, [context.getHandler(), context.getClass()]);
    if (isCsrfExempt) return true;
    const method = request.method.toUpperCase();
    if (UNPROTECTED_METHODS.includes(method)) return true;
    if (!request.url.startsWith('/api/private')) return true;
    const token = request.headers['csrf-token'];
    if (!token) throw new ForbiddenException('CSRF token required');
    return true;
  }
}`,
      'src/notes.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
@Controller('api/private/notes')
export class PrivateNotesController {
  @Get() list() {}
  @Post() create() {}
}
@Controller('api/v2/notes')
export class PublicNotesController {
  @Post() create() {}
}`,
    });
    assert.deepEqual(out, { 'GET /api/private/notes': 'none', 'POST /api/private/notes': 'none csrf-protected', 'POST /api/v2/notes': 'none' });
  });

  it('reads a socket guard that verifies the handshake token in a try (catch: disconnect, return false) as user, and a Passport guard whose handleRequest returns null as optional', () => {
    const out = run({
      'src/ws.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { verify } from 'jsonwebtoken';
@Injectable()
export class WsGuard implements CanActivate {
  constructor(private config: ConfigService) {}
  async canActivate(context: ExecutionContext) {
    const client = context.switchToWs().getClient();
    try {
      verify(client.handshake.query.token, this.config.secret);
      return true;
    } catch (e) {
      client.disconnect();
      return false;
    }
  }
}`,
      'src/custom.guard.ts': `import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class CustomGuard extends AuthGuard('jwt') {
  handleRequest(err: any, user: any) {
    if (err || !user) return null;
    return user;
  }
}`,
      'src/strict.guard.ts': `import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class StrictGuard extends AuthGuard('jwt') {
  handleRequest(err: any, user: any) {
    if (err || !user) throw err || new UnauthorizedException();
    return user;
  }
}`,
      'src/log.gateway.ts': `import { UseGuards } from '@nestjs/common';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { WsGuard } from './ws.guard';
@UseGuards(WsGuard)
@WebSocketGateway({ namespace: 'log' })
export class LogGateway {
  @SubscribeMessage('tail-log') tail() {}
}`,
      'src/auth.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';
import { CustomGuard } from './custom.guard';
import { StrictGuard } from './strict.guard';
@Controller('auth')
export class AuthController {
  @UseGuards(CustomGuard) @Get('settings') settings() {}
  @UseGuards(StrictGuard) @Get('me') me() {}
}`,
    });
    assert.deepEqual(out, { 'MESSAGE /log#tail-log': 'user', 'GET /auth/settings': 'none', 'GET /auth/me': 'user' });
  });

  it('marks a JWT decoded in a metadata-gated guard whose decorator no route uses as inert, and not once a route uses it', () => {
    const files = (used: boolean) => ({
      'src/subscriber-route.guard.ts': `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import jwt from 'jsonwebtoken';
@Injectable()
export class SubscriberRouteGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const gated = this.reflector.get<boolean>('subscriberRoute', context.getHandler());
    if (!gated) return true;
    const request = context.switchToHttp().getRequest();
    const content = jwt.decode(request.headers.authorization.split(' ')[1]);
    return !!content;
  }
}`,
      'src/subscriber-route.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const SubscriberRoute = () => SetMetadata('subscriberRoute', true);`,
      'src/feed.controller.ts': `import { Controller, Get } from '@nestjs/common';
import { SubscriberRoute } from './subscriber-route.decorator';
@Controller('feed')
export class FeedController {
  ${used ? '@SubscriberRoute() ' : ''}@Get() list() {}
}`,
    });
    const inert = (f: Record<string, string>) => {
      const facts: Fact[] = [];
      for (const [path, content] of Object.entries(f)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
      return linkFacts(facts, [auth, extractor]).filter((x) => x.kind === 'auth' && x.details?.operation === 'decode').map((x) => (x.kind === 'auth' ? x.details?.inertGuard : undefined));
    };
    assert.deepEqual(inert(files(false)), ['SubscriberRouteGuard']);
    assert.deepEqual(inert(files(true)), [undefined]);
  });

  it('reads a global ACL guard that checks the path\'s resource through helper methods as the level of each permission decorator', () => {
    const out = run({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
@Module({ providers: [{ provide: APP_GUARD, useClass: SessionGuard }, { provide: APP_GUARD, useClass: ProjectAccessGuard }] })
export class AppModule {}`,
      'src/session.guard.ts': `import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class SessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (!request.session?.userId) throw new UnauthorizedException();
    return true;
  }
}`,
      'src/project-access.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
@Injectable()
export class ProjectAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly members: MemberService) {}
  async canActivate(context: ExecutionContext) {
    return this.decide(context);
  }
  private async decide(context: ExecutionContext) {
    const needed = this.reflector.getAllAndOverride<string[]>(NEEDS_KEY, [context.getHandler(), context.getClass()]);
    if (!needed?.length) return true;
    return this.verify(this.projectOf(context), needed);
  }
  private projectOf(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest();
    return req.params.projectId || req.params.teamId;
  }
  private async verify(resourceId: string | undefined, needed: string[]) {
    if (!resourceId) throw new ForbiddenException();
    await this.members.assertGranted(resourceId, needed);
    return true;
  }
}`,
      'src/projects.controller.ts': `import { Controller, Delete, Get, Param } from '@nestjs/common';
@Controller('projects')
export class ProjectsController {
  @RequirePermissions('project.read') @Get(':projectId') get(@Param('projectId') id: string) {}
  @RequirePermissions('project.delete') @Delete(':projectId') remove(@Param('projectId') id: string) {}
  @Get() list() {}
}`,
    });
    assert.deepEqual(out, {
      'GET /projects/:projectId': 'user object-level-authz',
      'DELETE /projects/:projectId': 'user object-level-authz',
      'GET /projects': 'user',
    });
  });

  it('reads the caller destructured from the execution context as an identity check', () => {
    const guard = `import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { user, method } = context.switchToHttp().getRequest();
    if (!user) throw new UnauthorizedException();
    return method !== 'TRACE';
  }
}`;
    const controller = `import { Controller, Get, UseGuards } from '@nestjs/common';
import { SignedInGuard } from './signed-in.guard';
@Controller('notes')
@UseGuards(SignedInGuard)
export class NotesController {
  @Get() list() {}
}`;
    assert.deepEqual(run({ 'src/signed-in.guard.ts': guard, 'src/notes.controller.ts': controller }), { 'GET /notes': 'user' });
  });

  it('tags routes of a guard whose failed check answers with a setting as auth-conditional', () => {
    const guard = `import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ConfigService } from '@nestjs/config';
@Injectable()
export class MaybeJwtGuard extends AuthGuard('jwt') {
  constructor(private config: ConfigService) { super(); }
  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return (await super.canActivate(context)) as boolean;
    } catch {
      return this.config.get('uploads.allowAnonymous');
    }
  }
}`;
    const strict = `import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class StrictJwtGuard extends AuthGuard('jwt') {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return (await super.canActivate(context)) as boolean;
    } catch {
      return false;
    }
  }
}`;
    const controller = `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { MaybeJwtGuard } from './maybe-jwt.guard';
import { StrictJwtGuard } from './strict-jwt.guard';
@Controller('uploads')
export class UploadsController {
  @Post() @UseGuards(MaybeJwtGuard) create() {}
  @Get() @UseGuards(StrictJwtGuard) list() {}
}`;
    const eps = entrypoints({ 'src/maybe-jwt.guard.ts': guard, 'src/strict-jwt.guard.ts': strict, 'src/uploads.controller.ts': controller });
    const byRoute = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, `${e.auth} ${(e.tags ?? []).includes('auth-conditional') ? 'auth-conditional' : '-'}`]));
    assert.deepEqual(byRoute, { 'POST /uploads': 'user auth-conditional', 'GET /uploads': 'user -' });
  });
});
