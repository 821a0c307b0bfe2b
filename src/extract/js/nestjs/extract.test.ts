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
  return Object.fromEntries(entrypoints(files).map((e) => [`${e.protocol} ${e.method} ${e.path}`, e.auth]));
}

describe('extract/js/nestjs', () => {
  it('joins controller and method paths, applies guards, roles, global guards and @Public', () => {
    const out = run({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
async function bootstrap() { const app = await NestFactory.create(AppModule); app.setGlobalPrefix('api'); await app.listen(3000); }`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './auth/jwt.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}`,
      'src/auth/jwt.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class JwtAuthGuard extends AuthGuard('jwt') {}`,
      'src/users/users.controller.ts': `import { Controller, Get, Post, Delete, Param, UseGuards } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { RolesGuard } from '../auth/roles.guard';
@Controller('users')
export class UsersController {
  @Public() @Post('login') login() {}
  @Get(':id') findOne(@Param('id') id: string) {}
  @UseGuards(RolesGuard) @Roles('admin') @Delete(':id') remove(@Param('id') id: string) {}
}`,
    });
    assert.deepEqual(out, { 'http POST /api/users/login': 'none', 'http GET /api/users/:id': 'user', 'http DELETE /api/users/:id': 'admin' });
  });

  it('tags a route opted out of the global guards as declared public, and no other', () => {
    const eps = entrypoints({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
@Module({ providers: [{ provide: APP_GUARD, useClass: AuthGuard('jwt') }] })
export class AppModule {}`,
      'src/transfers.controller.ts': `import { Controller, Post, Param } from '@nestjs/common';
import { Public } from './public.decorator';
@Controller('transfers')
export class TransfersController {
  @Public() @Post(':id/cancel') cancel(@Param('id') id: string) {}
  @Post(':id/approve') approve(@Param('id') id: string) {}
}`,
    });
    const tagged = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.tags?.includes('declared-public') ?? false]));
    assert.deepEqual(tagged, { 'POST /transfers/:id/cancel': true, 'POST /transfers/:id/approve': false });
  });

  it('applies middleware consumers to the selected routes only', () => {
    const out = run({
      'src/article.module.ts': `import { Module, RequestMethod } from '@nestjs/common';
import { AuthMiddleware } from './auth.middleware';
@Module({})
export class ArticleModule {
  configure(consumer) {
    consumer.apply(AuthMiddleware).forRoutes({ path: 'articles/feed', method: RequestMethod.GET }, { path: 'articles', method: RequestMethod.POST });
  }
}`,
      'src/auth.middleware.ts': `import { Injectable, NestMiddleware, HttpException } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  async use(req, res, next) {
    const token = req.headers.authorization;
    if (!token) throw new HttpException('Not authorized.', 401);
    req.user = jwt.verify(token, process.env.SECRET);
    next();
  }
}`,
      'src/article.controller.ts': `import { Controller, Get, Post } from '@nestjs/common';
@Controller('articles')
export class ArticleController {
  @Get() findAll() {}
  @Get('feed') feed() {}
  @Post() create() {}
}`,
    });
    assert.deepEqual(out, { 'http GET /articles': 'none', 'http GET /articles/feed': 'user', 'http POST /articles': 'user' });
  });

  it('models GraphQL resolvers and WebSocket gateways', () => {
    const out = run({
      'src/cats.resolver.ts': `import { Resolver, Query, Mutation } from '@nestjs/graphql';
import { UseGuards } from '@nestjs/common';
@Resolver()
export class CatsResolver { @Query() cats() {} @UseGuards(GqlAuthGuard) @Mutation() createCat() {} }`,
      'src/events.gateway.ts': `import { WebSocketGateway, SubscribeMessage } from '@nestjs/websockets';
@WebSocketGateway()
export class EventsGateway { @SubscribeMessage('events') handle() {} }`,
    });
    assert.deepEqual(out, { 'graphql QUERY cats': 'none', 'graphql MUTATION createCat': 'unknown', 'websocket MESSAGE events': 'none' });
  });
});

describe('extract/js/nestjs served routes', () => {
  const module = {
    'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './jwt.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}`,
    'src/jwt.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class JwtAuthGuard extends AuthGuard('jwt') {}`,
  };

  it('serves Swagger UI outside the global prefix and the global guards', () => {
    const out = run({
      ...module,
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule, DocumentBuilder } from '@nestjs/swagger';
import { join } from 'path';
async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  app.setGlobalPrefix('api');
  app.useStaticAssets(join(__dirname, '..', 'public'), { prefix: '/assets/' });
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  SwaggerModule.setup('docs', app, document);
  SwaggerModule.setup('internal-docs', app, document, { useGlobalPrefix: true });
  await app.listen(3000);
}`,
    });
    assert.equal(out['http GET /docs'], 'none');
    assert.equal(out['http GET /api/internal-docs'], 'none');
    assert.equal(out['http GET /assets/*'], 'none');
    assert.equal(out['http GET /internal-docs'], undefined);
  });

  it('reads an adapter-level basic auth in front of the docs path', () => {
    const eps = entrypoints({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import basicAuth from 'express-basic-auth';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.use(['/docs', '/docs-json'], basicAuth({ challenge: true, users: { admin: process.env.DOCS_PASSWORD } }));
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, config));
}`,
    });
    const docs = eps.find((e) => e.path === '/docs');
    assert.equal(docs?.auth, 'user');
    assert.ok(docs?.tags?.includes('api-docs'));
  });
});
