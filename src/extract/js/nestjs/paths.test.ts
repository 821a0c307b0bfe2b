import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

// express first, as in the registry: its shared route link runs before the Nest one.
const EXTRACTORS = [auth, express, extractor];

function paths(files: Record<string, string>): string[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, EXTRACTORS).facts);
  return linkFacts(facts, EXTRACTORS)
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((e) => `${e.method} ${e.path}`)
    .sort();
}

const CONTROLLER = `import { Controller, Get, Post, Version, VERSION_NEUTRAL } from '@nestjs/common';
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  @Post('login') login() {}
  @Version('2') @Get('me') me() {}
  @Version(['1', '2']) @Get('both') both() {}
  @Version(VERSION_NEUTRAL) @Get('any') any() {}
}
@Controller('health')
export class HealthController {
  @Get() check() {}
}
@Controller()
export class HomeController {
  @Get() home() {}
}`;

describe('extract/js/nestjs paths', () => {
  it('reads the global prefix from a registerAs config factory and applies URI versioning', () => {
    const out = paths({
      'src/config/app.config.ts': `import { registerAs } from '@nestjs/config';
export default registerAs('app', () => {
  return { nodeEnv: process.env.NODE_ENV || 'development', apiPrefix: process.env.API_PREFIX || 'api' };
});`,
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const configService = app.get(ConfigService);
  app.setGlobalPrefix(configService.getOrThrow('app.apiPrefix', { infer: true }), { exclude: ['/'] });
  app.enableVersioning({ type: VersioningType.URI });
  await app.listen(3000);
}`,
      'src/auth.controller.ts': CONTROLLER,
    });
    assert.deepEqual(out, ['GET /', 'GET /api/auth/any', 'GET /api/health', 'GET /api/v1/auth/both', 'GET /api/v2/auth/both', 'GET /api/v2/auth/me', 'POST /api/v1/auth/login']);
  });

  // defaultVersion applies to every unversioned controller; exclude drops only the global prefix.
  it('uses the env default, a custom version prefix and defaultVersion', () => {
    const out = paths({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType, RequestMethod } from '@nestjs/common';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(process.env.PREFIX ?? 'rest', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.enableVersioning({ type: VersioningType.URI, prefix: 'ver', defaultVersion: '3' });
}`,
      'src/auth.controller.ts': CONTROLLER,
    });
    assert.deepEqual(out, ['GET /rest/auth/any', 'GET /rest/ver1/auth/both', 'GET /rest/ver2/auth/both', 'GET /rest/ver2/auth/me', 'GET /rest/ver3', 'GET /ver3/health', 'POST /rest/ver1/auth/login']);
  });

  it('reads a prefix joined to an optional sub-path as its default, and an exclude list filled by push', () => {
    const out = paths({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const mounted = process.env.BASE_PATH !== undefined;
  const base = mounted ? process.env.BASE_PATH : '';
  const skip = [];
  skip.push({ path: '/health', method: RequestMethod.GET });
  app.setGlobalPrefix(base + 'rest', { exclude: skip });
}`,
      'src/auth.controller.ts': CONTROLLER,
    });
    assert.deepEqual(out, ['GET /health', 'GET /rest', 'GET /rest/auth/any', 'GET /rest/auth/both', 'GET /rest/auth/me', 'POST /rest/auth/login']);
  });

  it('leaves paths alone for header versioning and an unknown prefix', () => {
    const out = paths({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(process.env.PREFIX);
  app.enableVersioning({ type: VersioningType.HEADER, header: 'X-Version' });
}`,
      'src/auth.controller.ts': CONTROLLER,
    });
    assert.deepEqual(out, ['GET /', 'GET /auth/any', 'GET /auth/both', 'GET /auth/me', 'GET /health', 'POST /auth/login']);
  });

  // Nest's flattenRoutePaths: child paths join their parent's, a bare module child takes the
  // parent's path, and only a listed module's own controllers are prefixed (not its imports').
  it('applies RouterModule.register prefixes to the controllers of each module, across files', () => {
    const ctrl = (cls: string, path: string) => `import { Controller, Get, Post } from '@nestjs/common';
@Controller('${path}')
export class ${cls} { @Get(':id') one() {} @Post() create() {} }`;
    const out = paths({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
async function bootstrap() { const app = await NestFactory.create(AppModule); app.setGlobalPrefix('api', { exclude: ['media/(.*)'] }); app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' }); }`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { RouterModule, Routes } from '@nestjs/core';
import { PublicApiModule } from './api/public/public-api.module';
import { PrivateApiModule } from './api/private/private-api.module';
import { MediaModule } from './media/media.module';
import { AdminModule } from './admin/admin.module';
export const PRIVATE = '/private/';
const routes: Routes = [
  { path: 'public', module: PublicApiModule },
  { path: PRIVATE, module: PrivateApiModule, children: [{ path: '/admin', module: AdminModule }] },
  { path: 'media', children: [MediaModule] },
];
@Module({ imports: [RouterModule.register(routes), PublicApiModule, PrivateApiModule, MediaModule, AdminModule] })
export class AppModule {}`,
      'src/api/public/public-api.module.ts': `import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller';
import { UsersModule } from '../../users/users.module';
@Module({ imports: [UsersModule], controllers: [NotesController] })
export class PublicApiModule {}`,
      'src/api/public/notes.controller.ts': ctrl('NotesController', 'notes'),
      'src/api/private/private-api.module.ts': `import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller';
@Module({ controllers: [NotesController] })
export class PrivateApiModule {}`,
      'src/api/private/notes.controller.ts': ctrl('NotesController', '/notes/'),
      'src/admin/admin.module.ts': `import { Module } from '@nestjs/common';
import { Controller, Get } from '@nestjs/common';
@Controller('users')
export class AdminUsersController { @Get() list() {} }
@Module({ controllers: [AdminUsersController] })
export class AdminModule {}`,
      'src/media/media.module.ts': `import { Module } from '@nestjs/common';
import { MediaController } from './controllers';
@Module({ controllers: [MediaController] })
export class MediaModule {}`,
      'src/media/controllers/index.ts': `export * from './media.controller';`,
      'src/media/controllers/media.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller()
export class MediaController { @Get(':uuid') redirect() {} }`,
      'src/users/users.module.ts': `import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
@Module({ controllers: [UsersController] })
export class UsersModule {}`,
      'src/users/users.controller.ts': ctrl('UsersController', 'users'),
    });
    assert.deepEqual(out, [
      'GET /api/v1/private/admin/users',
      'GET /api/v1/private/notes/:id',
      'GET /api/v1/public/notes/:id',
      'GET /api/v1/users/:id',
      'GET /v1/media/:uuid',
      'POST /api/v1/private/notes',
      'POST /api/v1/public/notes',
      'POST /api/v1/users',
    ]);
  });

  it('still matches middleware consumers written without the prefix and version', () => {
    const facts: Fact[] = [];
    const files: Record<string, string> = {
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { VersioningType } from '@nestjs/common';
async function bootstrap() { const app = await NestFactory.create(AppModule); app.setGlobalPrefix('api'); app.enableVersioning({ type: VersioningType.URI }); }`,
      'src/app.module.ts': `import { Module, MiddlewareConsumer } from '@nestjs/common';
import { AuthMiddleware } from './auth.middleware';
@Module({})
export class AppModule { configure(consumer: MiddlewareConsumer) { consumer.apply(AuthMiddleware).forRoutes('auth/me'); } }`,
      'src/auth.middleware.ts': `import { Injectable, NestMiddleware, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class AuthMiddleware implements NestMiddleware { use(req, res, next) { if (!req.headers.authorization) throw new UnauthorizedException(); next(); } }`,
      'src/auth.controller.ts': CONTROLLER,
    };
    for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, EXTRACTORS).facts);
    const eps = linkFacts(facts, EXTRACTORS).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const me = eps.find((e) => e.path === '/api/v2/auth/me');
    assert.ok(me?.middleware?.includes('AuthMiddleware'), JSON.stringify(me));
    assert.ok(!eps.find((e) => e.path === '/api/v1/auth/login')?.middleware?.includes('AuthMiddleware'));
  });
});
