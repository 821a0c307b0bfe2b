// Guards whose `canActivate` grants on a role or a marker value before checking anyone else:
// an admin shortcut is no admin requirement, a role list naming an open value opens the route,
// and a guard that returns the ownership of the record the path names checks that record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function link(files: Record<string, string>): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  return linkFacts(facts, [auth, extractor]);
}

function run(files: Record<string, string>): Record<string, string> {
  const eps = link(files).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, [e.auth, ...(e.tags ?? []).filter((t) => t === 'declared-public')].join(' ')]));
}

const OWNER_GUARD = `import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
@Injectable()
export class NoteOwnerGuard implements CanActivate {
  constructor(private notes: any) {}
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    const note = await this.notes.findUnique({ where: { id: request.params.id } });
    if (!note) throw new NotFoundException();
    const user = request.user;
    if (user?.isAdmin) return true;
    if (!user) return false;
    return note.authorId === user.id;
  }
}`;

const ADMIN_GUARD = `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
@Injectable()
export class StaffGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    if (request.user?.isAdmin) return true;
    return false;
  }
}`;

const NOTES = `import { Controller, Delete, Get, Param, UseGuards } from '@nestjs/common';
import { NoteOwnerGuard } from './owner.guard';
import { StaffGuard } from './staff.guard';
@Controller('notes')
export class NotesController {
  constructor(private notesService: NotesService) {}
  @Delete(':id')
  @UseGuards(NoteOwnerGuard)
  remove(@Param('id') id: string) {
    return this.notesService.remove(id);
  }
  @Get('all')
  @UseGuards(StaffGuard)
  all() {
    return this.notesService.list();
  }
}`;

describe('nestjs guards that grant before they refuse', () => {
  it('an admin shortcut followed by an owner comparison is user; a lone admin grant stays admin', () => {
    const eps = run({ 'src/owner.guard.ts': OWNER_GUARD, 'src/staff.guard.ts': ADMIN_GUARD, 'src/notes.controller.ts': NOTES });
    assert.equal(eps['DELETE /notes/:id'], 'user');
    assert.equal(eps['GET /notes/all'], 'admin');
  });

  it('a guard returning the ownership of the record the path names checks that record (no unchecked access)', () => {
    const facts = link({ 'src/owner.guard.ts': OWNER_GUARD, 'src/staff.guard.ts': ADMIN_GUARD, 'src/notes.controller.ts': NOTES });
    const access = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access');
    assert.deepEqual(access.map((a) => a.values.api), []);
  });

  it('a global guard that passes routes whose role list names an open value: those routes are public, the rest need a user', () => {
    const eps = run({
      'src/roles.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const Roles = (...roles: string[]) => SetMetadata('roles', roles);`,
      'src/access.guard.ts': `import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private reflector: Reflector, private perms: any) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.get<string[]>('roles', context.getHandler());
    if (roles?.includes('public')) {
      return true;
    }
    const request = context.switchToHttp().getRequest();
    if (!request.user) throw new UnauthorizedException();
    const granted = await this.perms.forRoles(request.user.roles);
    if (granted.some((p) => p.method === request.method)) return true;
    return false;
  }
}`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { PagesController } from './pages.controller';
@Module({ controllers: [PagesController], providers: [{ provide: APP_GUARD, useClass: AccessGuard }] })
export class AppModule {}`,
      'src/pages.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
import { Roles } from './roles.decorator';
@Controller('pages')
export class PagesController {
  @Roles('public')
  @Get('about')
  about() { return 'about'; }
  @Post()
  create() { return 'created'; }
}`,
    });
    assert.equal(eps['GET /pages/about'], 'none declared-public');
    assert.equal(eps['POST /pages'], 'user');
  });
});
