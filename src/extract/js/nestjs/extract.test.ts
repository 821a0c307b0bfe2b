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

  it('reads a guard that runs a Passport OAuth/OIDC strategy as a login step, not a user guard', () => {
    const eps = entrypoints({
      'src/auth/strategies/google.strategy.ts': `import { Strategy } from 'passport-google-oauth20';
import { PassportStrategy } from '@nestjs/passport';
export class GoogleStrategy extends PassportStrategy(Strategy) {
  constructor(config) { super({ clientID: config.get('ID'), callbackURL: config.get('CB') }); }
  async validate(req, accessToken, refreshToken, profile) { return profile; }
}`,
      'src/auth/strategies/corp.strategy.ts': `import { Strategy } from 'passport-custom-sso';
import { PassportStrategy } from '@nestjs/passport';
export class CorpStrategy extends PassportStrategy(Strategy, 'corp') {
  constructor() { super({ clientID: 'x', callbackURL: '/auth/corp/callback' }); }
}`,
      'src/auth/strategies/azure.strategy.ts': `import { BearerStrategy } from 'passport-azure-ad';
import { PassportStrategy } from '@nestjs/passport';
export class AzureADStrategy extends PassportStrategy(BearerStrategy, 'azure-ad') {
  constructor() { super({ identityMetadata: 'https://login.microsoftonline.com/x', clientID: 'id' }); }
}`,
      'src/auth/strategies/rt.strategy.ts': `import { Strategy } from 'passport-jwt';
import { PassportStrategy } from '@nestjs/passport';
export class RTStrategy extends PassportStrategy(Strategy, 'jwt-refresh') {}`,
      'src/auth/guards/google.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class GoogleSSOGuard extends AuthGuard('google') {
  canActivate(context) { return super.canActivate(context); }
}`,
      'src/auth/guards/rt.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class RTGuard extends AuthGuard('jwt-refresh') {}`,
      'src/auth/auth.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { GoogleSSOGuard } from './guards/google.guard';
import { RTGuard } from './guards/rt.guard';
@Controller('auth')
export class AuthController {
  @Get('google') @UseGuards(GoogleSSOGuard) google() {}
  @Get('google/callback') @UseGuards(GoogleSSOGuard) googleCallback() {}
  @Get('corp') @UseGuards(AuthGuard('corp')) corp() {}
  @Get('refresh') @UseGuards(RTGuard) refresh() {}
  @Get('me') @UseGuards(AuthGuard('azure-ad')) me() {}
}`,
    });
    const got = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, `${e.auth}${e.tags?.includes('login') ? ' login' : ''}`]));
    assert.deepEqual(got, {
      'GET /auth/google': 'none login',
      'GET /auth/google/callback': 'none login',
      'GET /auth/corp': 'none login',
      'GET /auth/refresh': 'user',
      'GET /auth/me': 'user',
    });
  });

  it('reads a guard that only finds the bearer token in a token store (no user bound) as unknown, not user', () => {
    const out = run({
      'src/guards/infra-token.guard.ts': `import { CanActivate, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class InfraTokenGuard implements CanActivate {
  constructor(private readonly prisma: PrismaService) {}
  async canActivate(context) {
    const request = context.switchToHttp().getRequest();
    const authorization = request.headers['authorization'];
    if (!authorization) throw new UnauthorizedException('missing');
    const token = authorization.split(' ')[1];
    const infraToken = await this.prisma.infraToken.findUnique({ where: { token } });
    if (infraToken === null) throw new UnauthorizedException('invalid');
    return true;
  }
}`,
      'src/guards/pat.guard.ts': `import { CanActivate, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class PATGuard implements CanActivate {
  constructor(private readonly prisma: PrismaService) {}
  async canActivate(context) {
    const request = context.switchToHttp().getRequest();
    const authorization = request.headers['authorization'];
    if (!authorization) throw new UnauthorizedException('missing');
    const pat = await this.prisma.personalAccessToken.findUnique({ where: { token: authorization }, include: { user: true } });
    if (!pat) throw new UnauthorizedException('invalid');
    request.user = pat.user;
    return true;
  }
}`,
      'src/infra.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';
import { InfraTokenGuard } from './guards/infra-token.guard';
import { PATGuard } from './guards/pat.guard';
@Controller('infra')
export class InfraController {
  @Get('users') @UseGuards(InfraTokenGuard) users() {}
  @Get('mine') @UseGuards(PATGuard) mine() {}
}`,
    });
    assert.deepEqual(out, { 'http GET /infra/users': 'unknown', 'http GET /infra/mine': 'user' });
  });

  it('reads a token-store guard as admin when only admin routes create its tokens', () => {
    const guard = (name: string, store: string) => `import { CanActivate, Injectable, UnauthorizedException } from '@nestjs/common';
@Injectable()
export class ${name} implements CanActivate {
  constructor(private readonly prisma: PrismaService) {}
  async canActivate(context) {
    const request = context.switchToHttp().getRequest();
    const authorization = request.headers['authorization'];
    if (!authorization) throw new UnauthorizedException('missing');
    const row = await this.prisma.${store}.findUnique({ where: { token: authorization } });
    if (row === null) throw new UnauthorizedException('invalid');
    return true;
  }
}`;
    const out = run({
      'src/guards/infra-token.guard.ts': guard('InfraTokenGuard', 'infraToken'),
      'src/guards/deploy-key.guard.ts': guard('DeployKeyGuard', 'deployKey'),
      'src/guards/admin.guard.ts': `import { CanActivate, Injectable } from '@nestjs/common';
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context) { const user = context.switchToHttp().getRequest().user; return user.isAdmin; }
}`,
      'src/tokens.service.ts': `import { Injectable } from '@nestjs/common';
@Injectable()
export class TokensService {
  constructor(private readonly prisma: PrismaService) {}
  async create(label) { return this.prisma.infraToken.create({ data: { label } }); }
  async addKey(label) { return this.prisma.deployKey.create({ data: { label } }); }
}`,
      'src/tokens.controller.ts': `import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { InfraTokenGuard } from './guards/infra-token.guard';
import { DeployKeyGuard } from './guards/deploy-key.guard';
import { AdminGuard } from './guards/admin.guard';
import { TokensService } from './tokens.service';
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}
  @Post() @UseGuards(AdminGuard) create() { return this.tokens.create('x'); }
  @Post('keys') addKey() { return this.tokens.addKey('x'); }
  @Get('infra/users') @UseGuards(InfraTokenGuard) users() {}
  @Get('deploy') @UseGuards(DeployKeyGuard) deploy() {}
}`,
    });
    assert.equal(out['http GET /tokens/infra/users'], 'admin');
    assert.equal(out['http GET /tokens/deploy'], 'unknown', 'anyone may create a deploy key: the guard proves no role');
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
    assert.deepEqual(out, { 'graphql QUERY cats': 'none', 'graphql MUTATION createCat': 'unknown', 'websocket MESSAGE /#events': 'none' });
  });

  // applyDecorators(SetMetadata(KEY, x), UseGuards(...)) stands for its guards: a scope decorator
  // is not a role; one that sets role metadata keeps its role meaning.
  it('expands composite decorators into the guards they apply', () => {
    const files = {
      'src/decorators/requires-scope.decorator.ts': `import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ScopeGuard } from '../guards/scope.guard';
export const REQUIRES_SCOPE_KEY = 'requires_scope';
export function RequiresScope(...scopes: string[]) {
  return applyDecorators(SetMetadata(REQUIRES_SCOPE_KEY, scopes), UseGuards(AuthGuard('jwt'), ScopeGuard));
}`,
      'src/decorators/auth.decorator.ts': `import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
export const Auth = (...roles: string[]) => applyDecorators(SetMetadata('roles', roles), UseGuards(AuthGuard('jwt'), RolesGuard));
export const Authenticated = () => applyDecorators(UseGuards(AuthGuard('jwt')));`,
      'src/account.controller.ts': `import { Controller, Get, Delete } from '@nestjs/common';
import { RequiresScope } from './decorators/requires-scope.decorator';
import { Auth, Authenticated } from './decorators/auth.decorator';
import { scopes } from './scopes';
@Controller('account')
export class AccountController {
  @RequiresScope(scopes.accountRead) @Get() list() {}
  @Auth('admin') @Delete(':id') remove() {}
  @Authenticated() @Get('me') me() {}
  @Get('open') open() {}
}`,
    };
    const eps = entrypoints(files);
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /account': 'user', 'DELETE /account/:id': 'admin', 'GET /account/me': 'user', 'GET /account/open': 'none' });
    assert.deepEqual(eps.find((e) => e.path === '/account')?.middleware, ["AuthGuard('jwt')", 'ScopeGuard']);
  });

  // Nest runs no guards for handleConnection: only what it does authenticates the connection, and
  // a connection it closes receives no events either.
  it('names gateway events by namespace or path and judges handleConnection', () => {
    const out = run({
      'src/realtime.gateway.ts': `import { WebSocketGateway, OnGatewayConnection } from '@nestjs/websockets';
import WebSocket from 'ws';
@WebSocketGateway({ path: '/realtime' })
export class RealtimeGateway implements OnGatewayConnection {
  async handleConnection(client: WebSocket, request: IncomingMessage): Promise<void> {
    try {
      const userId = await this.findUserIdByRequestSession(request);
      if (userId === undefined) { client.close(4001, 'no session'); return; }
      this.notes.join(userId, request.url);
    } catch { client.close(4000); }
  }
}`,
      'src/chat.gateway.ts': `import { WebSocketGateway, SubscribeMessage, WsException } from '@nestjs/websockets';
@WebSocketGateway(81, { namespace: 'chat' })
export class ChatGateway {
  async handleConnection(socket: Socket) {
    const user = await this.auth.fromToken(socket.handshake.auth.token);
    if (!user) socket.disconnect(true);
  }
  @SubscribeMessage('send') send() {}
}`,
      'src/events.gateway.ts': `import { WebSocketGateway, SubscribeMessage } from '@nestjs/websockets';
@WebSocketGateway({ namespace: '/events' })
export class EventsGateway {
  async handleConnection(client: Socket) {
    try {
      const token = client.handshake.auth.token;
      client.data.user = await this.jwtService.verifyAsync(token);
    } catch { client.disconnect(); }
  }
  @SubscribeMessage('ping') ping() {}
}`,
      'src/parse.gateway.ts': `import { WebSocketGateway, SubscribeMessage } from '@nestjs/websockets';
@WebSocketGateway({ namespace: '/parse' })
export class ParseGateway {
  handleConnection(client: Socket) {
    try { this.prefs = JSON.parse(client.handshake.query.prefs); } catch { client.disconnect(); }
  }
  @SubscribeMessage('ping') ping() {}
}`,
      'src/open.gateway.ts': `import { WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway({ path: '/feed' })
export class FeedGateway {
  handleConnection(client: WebSocket, request: IncomingMessage) {
    const room = this.rooms.find(request.url);
    if (!room) { client.close(); return; }
    room.add(client);
  }
}`,
    });
    assert.deepEqual(out, { 'websocket MESSAGE /realtime#connection': 'user', 'websocket MESSAGE /chat#send': 'user', 'websocket MESSAGE /events#ping': 'user', 'websocket MESSAGE /parse#ping': 'none', 'websocket MESSAGE /feed#connection': 'none' });
  });

  it('follows handleConnection into the method it hands the socket (also from a callback): a verifying lookup that disconnects authenticates', () => {
    const gateway = (ns: string, lookup: string) => `import { WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway({ namespace: '/${ns}' })
export class Gateway${ns} {
  handleConnection(connection: Socket) {
    const _this = this;
    return new Promise((resolve) => tracer.run(function task() { _this.processConnection(connection).then(resolve); }));
  }
  private async lookup(value: string) { try { return await ${lookup}; } catch (e) { /* empty */ } }
  private async processConnection(connection: Socket) {
    const subscriber = await this.lookup(connection.handshake.auth.value);
    if (!subscriber) return this.disconnect(connection);
    await connection.join(subscriber._id);
  }
  private disconnect(socket: Socket) { socket.disconnect(); }
}`;
    const out = run({ 'src/inbox.gateway.ts': gateway('inbox', 'this.jwtService.verify(value)'), 'src/rooms.gateway.ts': gateway('rooms', 'this.rooms.get(value)') });
    assert.deepEqual(out, { 'websocket MESSAGE /inbox#connection': 'user', 'websocket MESSAGE /rooms#connection': 'none' });
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

  it('tags a handler that hands the whole request to a server-rendering front end as page-only', () => {
    const files = {
      'src/pages.controller.ts': `import { Controller, Get, Param, Req, Res } from '@nestjs/common';
@Controller('/')
export class PagesController {
  constructor(private readonly frontEnd: FrontEndService, private readonly reports: ReportsService) {}
  @Get(['/', 'admin/*', 'settings/*'])
  async page(@Req() req: Request, @Res() res: Response) {
    await this.frontEnd.app.getRequestHandler()(req, res);
  }
  @Get('dashboard')
  dashboard(@Req() req: Request, @Res() res: Response) {
    return this.frontEnd.app.render(req, res, '/dashboard');
  }
  @Get('admin/export')
  async exportAll(@Req() req: Request, @Res() res: Response) {
    res.json(await this.reports.all());
  }
}`,
    };
    const pages = Object.fromEntries(entrypoints(files).map((e) => [`${e.method} ${e.path}`, e.tags?.includes('page-only') ?? false]));
    assert.deepEqual(pages, { 'GET /': true, 'GET /admin/*': true, 'GET /settings/*': true, 'GET /dashboard': true, 'GET /admin/export': false });
  });
});
