// Roles seeded with their permissions (a Prisma nested write on start-up or in a seed script) are a
// role map: `@Permissions('settings:write')` is an administrator check when only the admin role is
// seeded with `{ resource: 'settings', action: 'write' }`, and a signed-in holder's when a regular
// role holds it too.
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

const FILES = {
  'src/auth/permissions.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const PERMISSIONS_KEY = 'permissions';
export const Permissions = (...permissions: string[]) => SetMetadata(PERMISSIONS_KEY, permissions);`,
  'src/auth/permissions.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PERMISSIONS_KEY } from './permissions.decorator';
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[]>(PERMISSIONS_KEY, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const { user } = context.switchToHttp().getRequest();
    if (!user || !user.permissions) throw new ForbiddenException('No permissions');
    if (!required.some((p) => user.permissions.includes(p))) throw new ForbiddenException('Insufficient permissions');
    return true;
  }
}`,
  'src/settings/settings.controller.ts': `import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { Permissions } from '../auth/permissions.decorator';
import { PermissionsGuard } from '../auth/permissions.guard';
@Controller('api/settings')
export class SettingsController {
  @Get()
  @UseGuards(AuthGuard('jwt'), PermissionsGuard)
  @Permissions('settings:read', 'settings:write')
  read() { return {}; }
  @Post()
  @UseGuards(AuthGuard('jwt'), PermissionsGuard)
  @Permissions('settings:write')
  save(@Body() body: object) { return body; }
  @Post('items')
  @UseGuards(AuthGuard('jwt'), PermissionsGuard)
  @Permissions('items:write')
  addItem(@Body() body: object) { return body; }
}`,
};

const SEED = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function seedRoles() {
  await prisma.role.upsert({
    where: { name: 'admin' },
    update: {},
    create: {
      name: 'admin',
      permissions: { create: [{ action: 'write', resource: 'settings' }, { action: 'write', resource: 'items' }] },
    },
  });
  await prisma.role.upsert({
    where: { name: 'member' },
    update: {},
    create: {
      name: 'member',
      permissions: { create: [{ action: 'read', resource: 'settings' }, { action: 'write', resource: 'items' }] },
    },
  });
}`;

describe('extract/js/nestjs permissions judged by the roles a seed creates', () => {
  it('makes a permission only the seeded admin role holds an admin check', () => {
    assert.deepEqual(run({ ...FILES, 'src/database/seed.ts': SEED }), {
      'GET /api/settings': 'user',
      'POST /api/settings': 'admin',
      'POST /api/settings/items': 'user',
    });
  });
});
