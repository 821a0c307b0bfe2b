import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): Record<string, string> {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [extractor]).facts);
  const eps = linkFacts(facts, [extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path} ${e.handler?.file}`, (e.tags ?? []).filter((t) => t === 'dev-only' || t === 'test-only').join(' ')]));
}

const MAIN = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() { const app = await NestFactory.create(AppModule); await app.listen(3000); }
bootstrap();`;

const APP_MODULE = `import { Module } from '@nestjs/common';
import { HealthModule } from './health/health.module';
import { TestingModule } from './testing/testing.module';
const modules = [HealthModule];
if (process.env.NODE_ENV === 'test') {
  modules.push(TestingModule);
}
@Module({ imports: modules })
export class AppModule {}`;

const FILES = {
  'src/main.ts': MAIN,
  'src/app.module.ts': APP_MODULE,
  'src/health/health.module.ts': `import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
@Module({ controllers: [HealthController] })
export class HealthModule {}`,
  'src/health/health.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('health')
export class HealthController { @Get() check() {} }`,
  // Listed in no module (its dynamic module returns no controllers), and named like a listed one.
  'libs/profiling/profiling.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('debug/pprof')
export class HealthController { @Get('heap') heap() {} }`,
  'libs/profiling/profiling.module.ts': `import { DynamicModule, Module } from '@nestjs/common';
@Module({})
export class ProfilingModule {
  static register(): DynamicModule { return { module: ProfilingModule, providers: [] }; }
}`,
  'src/testing/testing.module.ts': `import { Module } from '@nestjs/common';
import { TestingController } from './testing.controller';
@Module({ controllers: [TestingController] })
export class TestingModule {}`,
  'src/testing/testing.controller.ts': `import { Controller, Post } from '@nestjs/common';
@Controller('testing')
export class TestingController { @Post('clear-db') clear() {} }`,
  'src/auth/auth.module.ts': `import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
@Module({ controllers: [AuthController] })
export class AuthModule {}`,
  'src/auth/auth.controller.ts': `import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
@Controller('auth')
export class AuthController {
  @Get('test/token/:id')
  token(@Param('id') id: string) {
    if (process.env.NODE_ENV !== 'test') throw new NotFoundException();
    return id;
  }
  @Get('me')
  me() { if (process.env.NODE_ENV === 'test') throw new NotFoundException(); return 1; }
}`,
};

describe('extract/js/nestjs reachability', () => {
  it('drops a controller no module lists, tags routes of a module only a test switch imports and of a handler refusing outside test', () => {
    assert.deepEqual(run(FILES), {
      'GET /health src/health/health.controller.ts': '',
      'POST /testing/clear-db src/testing/testing.controller.ts': 'dev-only test-only',
      'GET /auth/test/token/:id src/auth/auth.controller.ts': 'dev-only test-only',
      'GET /auth/me src/auth/auth.controller.ts': '',
    });
  });

  it('keeps every controller without an application root, or when a module takes its list from another file', () => {
    const { 'src/main.ts': _main, ...library } = FILES;
    assert.ok('GET /debug/pprof/heap libs/profiling/profiling.controller.ts' in run(library));
    const opaque = {
      ...FILES,
      'src/health/health.module.ts': `import { Module } from '@nestjs/common';
import { CONTROLLERS } from './controllers';
@Module({ controllers: [...CONTROLLERS] })
export class HealthModule {}`,
    };
    assert.ok('GET /debug/pprof/heap libs/profiling/profiling.controller.ts' in run(opaque));
    // The list imported through tsconfig `baseUrl` (a non-relative specifier of the project's own file).
    const aliased = {
      ...FILES,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { routeHandlers } from 'src/handlers';
@Module({ controllers: [...routeHandlers] })
export class AppModule {}`,
      'src/handlers.ts': `import { ItemsController } from 'src/items.controller';
export const routeHandlers = [ItemsController];`,
      'src/items.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('items')
export class ItemsController { @Get() list() {} }`,
    };
    assert.ok('GET /items src/items.controller.ts' in run(aliased));
  });

  it('keeps a module that is also imported unconditionally, and a controller imported under another name', () => {
    const out = run({
      ...FILES,
      'src/app.module.ts': APP_MODULE.replace('const modules = [HealthModule];', 'const modules = [HealthModule, TestingModule];'),
      'src/other.module.ts': `import { Module } from '@nestjs/common';
import { HealthController as Probe } from '../libs/profiling/profiling.controller';
@Module({ controllers: [Probe] })
export class OtherModule {}`,
    });
    assert.equal(out['POST /testing/clear-db src/testing/testing.controller.ts'], '');
    assert.equal(out['GET /debug/pprof/heap libs/profiling/profiling.controller.ts'], '');
  });

  it('reads a module whose decorators come from a shared package (no @nestjs import in the file)', () => {
    const out = run({
      ...FILES,
      'libs/profiling/probe.module.ts': `import { Module } from '@acme/nest-common';
import { HealthController } from './profiling.controller';
@Module({ controllers: [HealthController] })
export class ProbeModule {}`,
    });
    assert.equal(out['GET /debug/pprof/heap libs/profiling/profiling.controller.ts'], '');
  });
});
