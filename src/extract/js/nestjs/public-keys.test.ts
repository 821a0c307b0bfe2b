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

const TAGS = ['declared-public', 'optional-auth', 'bootstrap-once'];

function run(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(entrypoints(files).map((e) => [`${e.method} ${e.path}`, [e.auth, ...(e.tags ?? []).filter((t) => TAGS.includes(t))].join(' ')]));
}

const DECORATOR = `import { SetMetadata } from '@nestjs/common';
export const IS_PUBLIC_KEY = 'isPublic';
export const OpenAccess = () => SetMetadata(IS_PUBLIC_KEY, true);
export const Audited = () => SetMetadata('audit', true);`;

/** Honours the key: `if (isPublic) return true` before Passport runs. */
const SKIPPING_GUARD = `import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from './public.decorator';
@Injectable()
export class SessionGuard extends AuthGuard('jwt') {
  constructor(private reflector: Reflector) { super(); }
  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }
}`;

/** Reads the key but only after it has authenticated: the key changes nothing. */
const STRICT_GUARD = `import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from './public.decorator';
@Injectable()
export class StrictGuard extends AuthGuard('jwt') {
  constructor(private reflector: Reflector) { super(); }
  async canActivate(context: ExecutionContext) {
    const ok = await super.canActivate(context);
    if (!ok) throw new UnauthorizedException();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return true;
  }
}`;

const CONTROLLER = `import { Controller, Post, UseGuards } from '@nestjs/common';
import { SessionGuard } from './session.guard';
import { StrictGuard } from './strict.guard';
import { OpenAccess, Audited } from './public.decorator';
@UseGuards(SessionGuard)
@Controller('shares')
export class ShareController {
  @OpenAccess()
  @Post('info') info() {}
  @Audited()
  @Post('update') update() {}
  @Post('delete') remove() {}
}
@UseGuards(StrictGuard)
@Controller('spaces')
export class SpaceController {
  @OpenAccess()
  @Post('info') info() {}
}`;

describe('extract/js/nestjs public opt-outs honoured by the guard (public-keys.ts)', () => {
  it('a route whose decorator sets the key the class guard returns true for is none; other keys and strict guards stay user', () => {
    const eps = run({ 'src/public.decorator.ts': DECORATOR, 'src/session.guard.ts': SKIPPING_GUARD, 'src/strict.guard.ts': STRICT_GUARD, 'src/share.controller.ts': CONTROLLER });
    assert.equal(eps['POST /shares/info'], 'none declared-public');
    assert.equal(eps['POST /shares/update'], 'user');
    assert.equal(eps['POST /shares/delete'], 'user');
    // The decorator's name is not one of the known public names: the key decides, not the name.
    assert.equal(eps['POST /spaces/info'], 'user');
  });

  it('a Passport AuthGuard subclass whose handleRequest returns the user without throwing on a missing one is optional', () => {
    const guards = `import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
@Injectable() export class OptionalGuard extends AuthGuard('two-factor') {
  handleRequest(error: Error, user: any) { return user; }
}
@Injectable() export class ErrOnlyGuard extends AuthGuard('jwt') {
  handleRequest(err: any, user: any) { if (err) throw err; return user; }
}
@Injectable() export class RequiredGuard extends AuthGuard('jwt') {
  handleRequest(err: any, user: any) { if (err || !user) throw err || new UnauthorizedException(); return user; }
}`;
    const controller = `import { Controller, Get, UseGuards } from '@nestjs/common';
import { OptionalGuard, ErrOnlyGuard, RequiredGuard } from './guards';
@Controller('resume')
export class ResumeController {
  @UseGuards(OptionalGuard) @Get('public/:slug') byslug() {}
  @UseGuards(ErrOnlyGuard) @Get('feed') feed() {}
  @UseGuards(RequiredGuard) @Get('mine') mine() {}
}`;
    const eps = run({ 'src/guards.ts': guards, 'src/resume.controller.ts': controller });
    assert.equal(eps['GET /resume/public/:slug'], 'none optional-auth');
    assert.equal(eps['GET /resume/feed'], 'none optional-auth');
    assert.equal(eps['GET /resume/mine'], 'user');
  });

  it('an array of paths in a method or controller decorator is one route per path', () => {
    const controller = `import { Controller, Get } from '@nestjs/common';
@Controller('share')
export class ShareSeoController {
  @Get([':shareId/p/:pageSlug', 'p/:pageSlug']) page() {}
}
@Controller(['docs', 'help'])
export class DocsController {
  @Get() index() {}
}`;
    const eps = run({ 'src/share-seo.controller.ts': controller });
    assert.deepEqual(Object.keys(eps).sort(), ['GET /docs', 'GET /help', 'GET /share/:shareId/p/:pageSlug', 'GET /share/p/:pageSlug']);
  });

  it('an ability check first in the handler is admin when only privileged roles are granted what it asks (ability-checks.ts)', () => {
    const factory = `import { Injectable } from '@nestjs/common';
import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { UserRole } from './roles';
import { Action, Subject } from './ability.type';
@Injectable()
export default class WorkspaceAbilityFactory {
  createForUser(user: any, workspace: any) {
    switch (user.role) {
      case UserRole.OWNER: return buildOwner();
      case UserRole.ADMIN: return buildAdmin();
      default: return buildMember();
    }
  }
}
function buildOwner() { const { can, build } = new AbilityBuilder(createMongoAbility); can(Action.Manage, Subject.Settings); can(Action.Manage, Subject.Attachment); return build(); }
function buildAdmin() { const { can, build } = new AbilityBuilder(createMongoAbility); can(Action.Manage, Subject.Settings); can(Action.Manage, Subject.Attachment); return build(); }
function buildMember() { const { can, build } = new AbilityBuilder(createMongoAbility); can(Action.Read, Subject.Settings); can(Action.Manage, Subject.Attachment); return build(); }`;
    const controller = `import { Body, Controller, ForbiddenException, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import WorkspaceAbilityFactory from './workspace-ability.factory';
import { Action, Subject } from './ability.type';
import { AuthUser, AuthWorkspace } from './decorators';
@UseGuards(AuthGuard('jwt'))
@Controller('workspace')
export class WorkspaceController {
  constructor(private readonly workspaceAbility: WorkspaceAbilityFactory, private readonly spaceAbility: WorkspaceAbilityFactory) {}
  @Post('update') update(@Body() dto: any, @AuthUser() user: any, @AuthWorkspace() workspace: any) {
    const ability = this.workspaceAbility.createForUser(user, workspace);
    if (ability.cannot(Action.Manage, Subject.Settings)) throw new ForbiddenException();
  }
  @Post('attachments') attach(@AuthUser() user: any, @AuthWorkspace() workspace: any) {
    const ability = this.workspaceAbility.createForUser(user, workspace);
    if (ability.cannot(Action.Manage, Subject.Attachment)) throw new ForbiddenException();
  }
  @Post('spaces/update') space(@Body() dto: any, @AuthUser() user: any) {
    const ability = this.spaceAbility.createForUser(user, dto.spaceId);
    if (ability.cannot(Action.Manage, Subject.Settings)) throw new ForbiddenException();
  }
}`;
    const eps = run({ 'src/workspace-ability.factory.ts': factory, 'src/workspace.controller.ts': controller });
    assert.equal(eps['POST /workspace/update'], 'admin');
    // Members manage attachments too; a space's own admin is an ordinary user of the workspace.
    assert.equal(eps['POST /workspace/attachments'], 'user');
    assert.equal(eps['POST /workspace/spaces/update'], 'user');
  });

  it('a guard that refuses once a store holds a record, never reading the request, is a bootstrap step (guard-kinds.ts)', () => {
    const guard = `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
@Injectable() export class SetupGuard implements CanActivate {
  constructor(private workspaceRepo: any, private prisma: any) {}
  async canActivate(): Promise<boolean> {
    const workspaceCount = await this.workspaceRepo.count();
    if (workspaceCount > 0) throw new ForbiddenException('Workspace setup already completed.');
    return true;
  }
}
@Injectable() export class FirstUserGuard implements CanActivate {
  constructor(private prisma: any) {}
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest();
    if ((await this.prisma.user.count()) > 0 && !req.user) throw new ForbiddenException();
    return true;
  }
}`;
    const controller = `import { Controller, Post, UseGuards } from '@nestjs/common';
import { SetupGuard, FirstUserGuard } from './setup.guard';
@Controller('auth')
export class AuthController {
  @UseGuards(SetupGuard) @Post('setup') setup() {}
  @UseGuards(FirstUserGuard) @Post('invite') invite() {}
}`;
    const eps = run({ 'src/setup.guard.ts': guard, 'src/auth.controller.ts': controller });
    assert.equal(eps['POST /auth/setup'], 'none bootstrap-once');
    assert.notEqual(eps['POST /auth/invite'], 'none bootstrap-once');
  });

  it('a guard returning whether a store is empty (or not) is a bootstrap step or a state gate, not authentication (guard-kinds.ts storeGate)', () => {
    const guard = `import { CanActivate, Injectable } from '@nestjs/common';
@Injectable() export class OpenUntilSetupGuard implements CanActivate {
  constructor(private accounts: AccountsService) {}
  async canActivate(): Promise<boolean> {
    return (await this.accounts.getCount()) === 0;
  }
}
@Injectable() export class OpenAfterSetupGuard implements CanActivate {
  constructor(private accounts: AccountsService) {}
  async canActivate(): Promise<boolean> {
    return (await this.accounts.getCount()) !== 0;
  }
}
@Injectable() export class ClosedUntilSetupGuard implements CanActivate {
  constructor(private accounts: AccountsService) {}
  async canActivate(): Promise<boolean> {
    if ((await this.accounts.count()) === 0) throw new ForbiddenException('Finish the setup first');
    return true;
  }
}`;
    const controller = `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { OpenUntilSetupGuard, OpenAfterSetupGuard, ClosedUntilSetupGuard } from './state.guard';
@Controller('onboarding')
export class OnboardingController {
  @UseGuards(OpenUntilSetupGuard) @Post('first-admin') firstAdmin() {}
  @UseGuards(OpenAfterSetupGuard) @Post('register') register() {}
  @UseGuards(ClosedUntilSetupGuard) @Get('invitation') invitation() {}
  @UseGuards(AuthGuard('jwt'), OpenAfterSetupGuard) @Post('profile') profile() {}
}`;
    const eps = run({ 'src/state.guard.ts': guard, 'src/onboarding.controller.ts': controller });
    assert.equal(eps['POST /onboarding/first-admin'], 'none bootstrap-once');
    assert.equal(eps['POST /onboarding/register'], 'none');
    assert.equal(eps['GET /onboarding/invitation'], 'none');
    assert.equal(eps['POST /onboarding/profile'], 'user');
  });

  it('a POST handler that only reads through injected services is not state-changing by its verb (read-only.ts)', () => {
    const controller = `import { Body, Controller, Post, Res } from '@nestjs/common';
@Controller('shares')
export class ShareController {
  constructor(private readonly shareService: any) {}
  @Post('info') async info(@Body() dto: any) {
    const share = await this.shareService.getShareInfo(dto.shareId);
    return { ...share, ids: dto.ids.map((x: string) => x.trim()) };
  }
  @Post('accept') accept(@Body() dto: any) { return this.shareService.acceptInvite(dto); }
  @Post('login') login(@Body() dto: any, @Res() res: any) { res.setCookie('t', this.shareService.getToken(dto)); }
}`;
    const tags = Object.fromEntries(entrypoints({ 'src/share.controller.ts': controller }).map((e) => [e.path, (e.tags ?? []).filter((t) => /state-chang/.test(t)).join(' ')]));
    assert.equal(tags['/shares/info'], 'no-state-change');
    assert.equal(tags['/shares/accept'], 'state-changing');
    assert.equal(tags['/shares/login'], 'state-changing');
  });
});

