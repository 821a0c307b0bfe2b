// Composite decorators imported through a tsconfig `paths` alias without a scope's slash
// (`import { Auth } from '@decorator'`): the project's own folder, resolved by its tsconfig.json.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as tsconfig } from '../tsconfig-paths/index.js';
import { extractor } from './index.js';

const files = (paths: string): Record<string, string> => ({
  'server/tsconfig.json': `{
  // Aliases of the server's own folders.
  "compilerOptions": {
    "baseUrl": "./",
    "paths": { ${paths} },
  },
}`,
  'server/src/common/decorator/index.ts': `export * from './auth.decorator';`,
  'server/src/common/decorator/auth.decorator.ts': `import { UseGuards, applyDecorators } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
export function Auth(): any {
  return applyDecorators(UseGuards(AuthGuard('jwt')));
}`,
  // Another composite of the same name elsewhere: the alias, not the name, says which one.
  'server/src/admin/decorator.ts': `import { UseGuards, applyDecorators } from '@nestjs/common';
import { AdminOnlyGuard } from './admin-only.guard';
export function Auth(): any {
  return applyDecorators(UseGuards(AdminOnlyGuard));
}`,
  'server/src/admin/admin-only.guard.ts': `import { CanActivate, ExecutionContext, ForbiddenException } from '@nestjs/common';
export class AdminOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    if (!req.user?.isAdmin) throw new ForbiddenException();
    return true;
  }
}`,
  'server/src/forms/forms.controller.ts': `import { Controller, Delete, Param } from '@nestjs/common';
import { Auth } from '@decorator';
@Controller('forms')
export class FormsController {
  @Auth() @Delete(':id') remove(@Param('id') id: string) { return id; }
}`,
});

function authOf(paths: string): string | undefined {
  const facts = runExtractors([tsconfig, auth, extractor], files(paths)).facts;
  return facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/forms/:id')?.auth;
}

describe('extract/js/nestjs: composites through tsconfig path aliases', () => {
  it('follows `@decorator` to the folder tsconfig.json maps it to', () => {
    assert.equal(authOf(`"@decorator": ["src/common/decorator"]`), 'user');
  });

  it('follows the same alias when it names the admin folder instead', () => {
    assert.equal(authOf(`"@decorator": ["src/admin/decorator"]`), 'admin');
  });
});
