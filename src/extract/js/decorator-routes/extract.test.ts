import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor, runExtractors } from '../../testing.js';
import { extractor as authExtractor } from '../auth/index.js';
import { extractor as expressExtractor } from '../express/index.js';
import { extractor } from './index.js';

function routes(facts: Fact[]): Map<string, EntrypointFact> {
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return new Map(eps.map((e) => [`${e.method} ${e.path}`, e]));
}

describe('js/decorator-routes: routing-controllers', () => {
  const files = {
    'src/app.ts': `import { useExpressServer } from 'routing-controllers';
import express from 'express';
const app = express();
useExpressServer(app, { routePrefix: '/api', controllers: [__dirname + '/controllers/*.ts'], authorizationChecker: check });
`,
    'src/controllers/invoices.ts': `import { JsonController, Get, Post, Delete, Method, Authorized, UseBefore, Body, Param, CurrentUser } from 'routing-controllers';
import { audit } from '../middleware/audit';
@JsonController('/invoices')
export class InvoiceController {
  @Get('/')
  list(@CurrentUser({ required: true }) user: Account) { return this.store.list(user.id); }
  @Get('/public/:code')
  byCode(@Param('code') code: string) { return this.store.byCode(code); }
  @Authorized()
  @Post('/')
  create(@Body() body: NewInvoice) { return this.store.create(body); }
  @Authorized(['admin'])
  @UseBefore(audit)
  @Delete('/:id')
  remove(@Param('id') id: string) { return this.store.remove(id); }
  @Method('patch', '/:id/status')
  status(@Param('id') id: string) { return this.store.touch(id); }
}
`,
    'src/controllers/own.ts': `import { Get, Controller } from './local-decorators';
@Controller('/own')
export class Own { @Get('/x') x() { return 1; } }
`,
  };
  const found = routes(runExtractor(extractor, files).facts);

  it('joins the controller path, the method path and the application prefix', () => {
    assert.deepEqual([...found.keys()].sort(), ['DELETE /api/invoices/:id', 'GET /api/invoices', 'GET /api/invoices/public/:code', 'PATCH /api/invoices/:id/status', 'POST /api/invoices']);
    assert.equal(found.get('GET /api/invoices')?.framework, 'routing-controllers');
    assert.equal(found.get('GET /api/invoices')?.handler?.name, 'InvoiceController.list');
  });

  it('reads access from @Authorized, its roles and a required @CurrentUser', () => {
    assert.equal(found.get('GET /api/invoices')?.auth, 'user');
    assert.equal(found.get('GET /api/invoices/public/:code')?.auth, 'none');
    assert.equal(found.get('POST /api/invoices')?.auth, 'user');
    assert.equal(found.get('DELETE /api/invoices/:id')?.auth, 'admin');
    assert.equal(found.get('PATCH /api/invoices/:id/status')?.auth, 'none');
  });

  it('lists @UseBefore middleware, unresolved middleware being unknown rather than nothing', () => {
    assert.deepEqual(found.get('DELETE /api/invoices/:id')?.middleware, ['@Authorized(admin)', 'audit']);
  });

  it('keeps the application prefix once js/express has linked the routes too', () => {
    const linked = routes(runExtractors([authExtractor, extractor, expressExtractor], files).facts);
    assert.ok(linked.has('GET /api/invoices/public/:code'), [...linked.keys()].join(', '));
  });

  it('ignores decorators of the same names from another package', () => {
    assert.ok(![...found.keys()].some((k) => k.includes('/own')));
  });
});

describe('js/decorator-routes: inversify-express-utils', () => {
  const files = {
    'src/server.ts': `import { InversifyExpressServer } from 'inversify-express-utils';
const server = new InversifyExpressServer(container, null, { rootPath: '/v2' });
`,
    'src/controllers/notes.ts': `import { controller, httpGet, httpPost, httpMethod, requestParam } from 'inversify-express-utils';
import TYPES from '../types';
@controller('/notes', TYPES.SessionMiddleware)
export class NotesController {
  @httpGet('/:id')
  get(@requestParam('id') id: string) { return this.notes.get(id); }
  @httpPost('/', (req, res, next) => { if (!req.user || !req.user.isAdmin) return res.status(403).end(); next(); })
  create() { return this.notes.create(); }
  @httpMethod('put', '/:id')
  put() { return 1; }
}
@controller('/health')
export class HealthController {
  @httpGet('/')
  ok() { return 'ok'; }
}
`,
  };
  const found = routes(runExtractor(extractor, files).facts);

  it('reads controller and route middleware from the decorator arguments', () => {
    assert.deepEqual([...found.keys()].sort(), ['GET /v2/health', 'GET /v2/notes/:id', 'POST /v2/notes', 'PUT /v2/notes/:id']);
    // A DI symbol cannot be resolved here: the route is behind something that may refuse.
    assert.equal(found.get('GET /v2/notes/:id')?.auth, 'unknown');
    assert.equal(found.get('POST /v2/notes')?.auth, 'admin');
    assert.equal(found.get('GET /v2/health')?.auth, 'none');
  });
});

describe('js/decorator-routes: inversify middleware bound in the container', () => {
  const files = {
    'src/types.ts': `const TYPES = { Session: Symbol.for('Session'), Required: Symbol.for('Required'), Admin: Symbol.for('Admin'), Audit: Symbol.for('Audit'), Lockout: Symbol.for('Lockout'), Header: Symbol.for('Header'), Inherited: Symbol.for('Inherited'), Unbound: Symbol.for('Unbound') };
export default TYPES;
`,
    'src/container.ts': `import { Container } from 'inversify';
import TYPES from './types';
import { SessionMiddleware } from './middleware/session';
import { RequiredTokenMiddleware } from './middleware/required';
import { AdminMiddleware } from './middleware/admin';
import { AuditMiddleware } from './middleware/audit';
const container = new Container();
container.bind<SessionMiddleware>(TYPES.Session).to(SessionMiddleware);
container.bind<RequiredTokenMiddleware>(TYPES.Required).toConstantValue(new RequiredTokenMiddleware(decoder));
container.bind(TYPES.Admin).toDynamicValue(() => new AdminMiddleware()).inSingletonScope();
container.bind(TYPES.Audit).to(AuditMiddleware);
container.bind(TYPES.Lockout).to(LockoutMiddleware);
container.bind(TYPES.Inherited).to(InheritedRefusalMiddleware);
container.bind<HeaderTokenMiddleware>(TYPES.Header).toDynamicValue((context) => { return new HeaderTokenMiddleware(context.container.get(TYPES.Secret)); });
`,
    'src/middleware/header-token.ts': `import { BaseMiddleware } from 'inversify-express-utils';
import { NextFunction, Request, Response } from 'express';
export class HeaderTokenMiddleware extends BaseMiddleware {
  async handler(request: Request, response: Response, next: NextFunction) {
    if (!request.header('X-Token')) return this.refuse(response);
    next();
  }
  private refuse(response: Response) { response.status(401).send({ error: 'invalid' }); }
}
`,
    'src/middleware/inherited-refusal.ts': `import { NextFunction, Request, Response } from 'express';
import { RefusingBase } from './refusing-base';
export class InheritedRefusalMiddleware extends RefusingBase {
  async handler(request: Request, response: Response, next: NextFunction) {
    if (!request.header('X-Token')) return this.refuse(response);
    next();
  }
}
`,
    'src/middleware/lockout.ts': `import { BaseMiddleware } from 'inversify-express-utils';
import { NextFunction, Request, Response } from 'express';
export class LockoutMiddleware extends BaseMiddleware {
  async handler(req: Request, res: Response, next: NextFunction) {
    if (await this.locks.isLocked(req.body.email)) { res.status(423).send({ error: 'locked' }); return; }
    next();
  }
}
`,
    'src/middleware/session.ts': `import { BaseMiddleware } from 'inversify-express-utils';
import { NextFunction, Request, Response } from 'express';
export class SessionMiddleware extends BaseMiddleware {
  async handler(request: Request, response: Response, next: NextFunction) {
    const token = request.headers.authorization;
    if (!token) { response.status(401).send({ error: 'unauthorized' }); return; }
    response.locals.user = await this.sessions.verify(token);
    next();
  }
}
`,
    'src/middleware/required.ts': `import { NextFunction, Request, Response } from 'express';
import { SessionMiddleware } from './session';
export class RequiredTokenMiddleware extends SessionMiddleware {
  protected missing(request: Request, response: Response): boolean { return !request.headers['x-token']; }
}
`,
    'src/middleware/admin.ts': `import { BaseMiddleware } from 'inversify-express-utils';
import { NextFunction, Request, Response } from 'express';
export class AdminMiddleware extends BaseMiddleware {
  handler(req: Request, res: Response, next: NextFunction) {
    if (!req.user || !req.user.isAdmin) return res.status(403).end();
    next();
  }
}
`,
    'src/middleware/audit.ts': `import { BaseMiddleware } from 'inversify-express-utils';
import { NextFunction, Request, Response } from 'express';
export class AuditMiddleware extends BaseMiddleware {
  handler(req: Request, res: Response, next: NextFunction) { this.log.info(req.path); next(); }
}
`,
    'src/controllers/notes.ts': `import { controller, httpGet, httpPost, httpDelete } from 'inversify-express-utils';
import TYPES from '../types';
@controller('/notes', TYPES.Session)
export class NotesController {
  @httpGet('/:id')
  get() { return 1; }
  @httpDelete('/:id', TYPES.Admin)
  remove() { return 1; }
}
@controller('/tokens')
export class TokensController {
  @httpPost('/', TYPES.Required)
  create() { return 1; }
  @httpPost('/audited', TYPES.Audit)
  audited() { return 1; }
  @httpGet('/other', TYPES.Unbound)
  other() { return 1; }
  @httpPost('/sign-in', TYPES.Lockout)
  signIn() { return 1; }
  @httpGet('/header', TYPES.Header)
  header() { return 1; }
  @httpGet('/inherited', TYPES.Inherited)
  inherited() { return 1; }
}
`,
  };
  const found = routes(runExtractors([extractor, authExtractor, expressExtractor], files).facts);

  it('follows an identifier to the class bound to it and judges that class\'s handler', () => {
    assert.equal(found.get('GET /notes/:id')?.auth, 'user');
    assert.equal(found.get('DELETE /notes/:id')?.auth, 'admin');
  });

  it('finds the handler a bound subclass inherits, for every form of binding', () => {
    assert.equal(found.get('POST /tokens')?.auth, 'user');
  });

  it('leaves a bound class that refuses nobody as no guard, and an unbound identifier unknown', () => {
    assert.equal(found.get('POST /tokens/audited')?.auth, 'none');
    assert.equal(found.get('GET /tokens/other')?.auth, 'unknown');
  });

  it('judges a handler whose refusal is sent by a method of its class', () => {
    assert.equal(found.get('GET /tokens/header')?.auth, 'user');
  });

  it('keeps unknown a bound class that may refuse out of sight (an inherited helper method)', () => {
    assert.equal(found.get('GET /tokens/inherited')?.auth, 'unknown');
  });

  it('reads a bound class that answers 423 or 429 as a limiter, not a guard', () => {
    const signIn = found.get('POST /tokens/sign-in');
    assert.equal(signIn?.auth, 'none');
    assert.ok(signIn?.tags?.includes('rate-limited'), String(signIn?.tags));
  });
});

describe('js/decorator-routes: tsoa', () => {
  const files = {
    'src/orders.ts': `import { Controller, Route, Get, Post, Security, NoSecurity, Path, Body } from 'tsoa';
@Route('orders')
@Security('jwt')
export class OrdersController extends Controller {
  @Get('{orderId}')
  public async get(@Path() orderId: string) { return find(orderId); }
  @Security('jwt', ['admin'])
  @Post()
  public async create(@Body() body: Order) { return save(body); }
  @NoSecurity()
  @Get('catalog/{sku}')
  public async catalog(@Path() sku: string) { return sku; }
}
`,
  };
  const found = routes(runExtractor(extractor, files).facts);

  it('reads braced path parameters, @Security with and without scopes, and @NoSecurity', () => {
    assert.deepEqual([...found.keys()].sort(), ['GET /orders/:orderId', 'GET /orders/catalog/:sku', 'POST /orders']);
    assert.equal(found.get('GET /orders/:orderId')?.auth, 'user');
    assert.equal(found.get('POST /orders')?.auth, 'admin');
    assert.equal(found.get('GET /orders/catalog/:sku')?.auth, 'none');
  });

  it('gives nothing for a file that only names the package', () => {
    assert.equal(runExtractor(extractor, { 'src/x.ts': `// tsoa generates routes.ts\nexport const x = 1;` }).facts.length, 0);
  });

  it('names an unparseable controller in a diagnostic and keeps the other files', () => {
    const out = runExtractor(extractor, {
      'src/broken.ts': `import { Route, Get } from 'tsoa';\n@Route('x')\nexport class X { @Get('{id}') get(id: string { return id; } }`,
      'src/ok.ts': `import { Route, Get } from 'tsoa';\n@Route('y')\nexport class Y { @Get() list() { return []; } }`,
    });
    assert.deepEqual([...routes(out.facts).keys()], ['GET /y']);
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.file]), [['extractor-error', 'src/broken.ts']]);
    assert.match(out.diagnostics[0].message, /js\/decorator-routes/);
  });
});


describe('js/decorator-routes: OvernightJS', () => {
  const files = {
    'src/server.ts': `import { Server } from '@overnightjs/core';
import { LibraryController } from './controllers/library';
import { ShelfController } from './controllers/shelf';
export class BookServer extends Server {
  constructor() {
    super();
    this.addControllers([new LibraryController(), new ShelfController()]);
  }
}
`,
    'src/guards.ts': `import type { Request, Response, NextFunction } from 'express';
export const requireMember = (req: Request, res: Response, next: NextFunction) => {
  if (!req.session?.memberId) return res.status(401).json({ error: 'sign in first' });
  next();
};
export const stamp = (req: Request, res: Response, next: NextFunction) => { res.locals.at = Date.now(); next(); };
`,
    'src/controllers/library.ts': `import { Controller, ChildControllers, ClassMiddleware, Get, Post, Middleware } from '@overnightjs/core';
import type { Request, Response } from 'express';
import { requireMember, stamp } from '../guards';
import { LoanController } from './loans';
@Controller('library')
@ChildControllers([new LoanController()])
export class LibraryController {
  @Get()
  public index(req: Request, res: Response) { return res.json([]); }
  @Post('books')
  @Middleware([requireMember, stamp])
  public add(req: Request, res: Response) { return res.json(req.body); }
}
`,
    'src/controllers/loans.ts': `import { Controller, Get, Delete } from '@overnightjs/core';
import type { Request, Response } from 'express';
@Controller('loans')
export class LoanController {
  @Get(':id')
  public show(req: Request, res: Response) { return res.json({ id: req.params.id }); }
}
`,
    'src/controllers/shelf.ts': `import { Controller, ClassMiddleware, ChildControllers, Get, Delete } from '@overnightjs/core';
import type { Request, Response } from 'express';
import { requireMember } from '../guards';
import { CopyController } from './copies';
@Controller('shelves')
@ClassMiddleware(requireMember)
@ChildControllers(new CopyController())
export class ShelfController {
  @Get()
  public list(req: Request, res: Response) { return res.json([]); }
}
`,
    'src/controllers/copies.ts': `import { Controller, Delete } from '@overnightjs/core';
import type { Request, Response } from 'express';
@Controller('copies')
export class CopyController {
  @Delete(':copyId')
  public remove(req: Request, res: Response) { return res.sendStatus(204); }
}
`,
  };
  const found = routes(runExtractors([authExtractor, extractor, expressExtractor], files).facts);

  it('joins controller and method paths, child controllers under their parent', () => {
    assert.deepEqual([...found.keys()].filter((k) => !k.startsWith('undefined')).sort(), ['DELETE /shelves/copies/:copyId', 'GET /library', 'GET /library/loans/:id', 'GET /shelves', 'POST /library/books']);
    assert.equal(found.get('GET /library/loans/:id')?.framework, 'overnightjs');
  });

  it('judges imported middleware where it is defined, an array of it element by element', () => {
    assert.equal(found.get('POST /library/books')?.auth, 'user');
    assert.equal(found.get('GET /library')?.auth, 'none');
    assert.equal(found.get('GET /library/loans/:id')?.auth, 'none');
  });

  it('puts the class middleware before the routes of the class and of its child controllers', () => {
    assert.equal(found.get('GET /shelves')?.auth, 'user');
    assert.equal(found.get('DELETE /shelves/copies/:copyId')?.auth, 'user');
  });
});

describe("js/decorator-routes: an application's own decorator set", () => {
  const files = {
    // A workspace package's decorators; one route opts out of the registry's authentication.
    'server/src/controllers/accounts.controller.ts': `import { RestController, Get, Post, Delete, GlobalScope, Body } from '@shop/http-decorators';
import type { Request } from 'express';
@RestController('/accounts')
export class AccountsController {
  @Get('/')
  list(req: Request) { return this.accounts.list(req.user); }
  @Post('/sign-in', { skipAuth: true, rateLimit: { limit: 5 } })
  signIn(req: Request) { return this.auth.signIn(req.body); }
  @Delete('/:id')
  @GlobalScope('user:delete')
  remove(req: Request) { return this.accounts.remove(req.params.id); }
  @Post('/:id/notes')
  @GlobalScope('note:create')
  note(req: Request) { return this.notes.add(req.params.id, req.body); }
}
`,
    'server/src/controllers/reports.controller.ts': `import { RestController, Get } from '@shop/http-decorators';
@RestController('/reports')
export class ReportsController {
  @Get('/daily') daily() { return this.reports.daily(); }
}
`,
    // A local decorator module none of whose routes opts out: the registry's default is not known.
    'worker/src/status.controller.ts': `import { ApiController, Get, Post } from './http/decorators';
@ApiController('/status')
export class StatusController {
  @Get('/') status() { return { ok: true }; }
  @Post('/drain') drain() { return this.queue.drain(); }
}
`,
    // NestJS controllers stay js/nestjs's, and a lone verb decorator is no controller.
    'api/src/cats.controller.ts': `import { Controller, Get } from '@nestjs/common';
@Controller('cats')
export class CatsController { @Get() all() { return []; } }
`,
    'api/src/misc.ts': `import { Get } from './decorators';
export class Misc { @Get('/x') x() { return 1; } }
`,
  };
  const found = routes(runExtractors([authExtractor, extractor, expressExtractor], files).facts);

  it('reads routes of a controller and verb decorators imported from one module that is no known framework', () => {
    assert.deepEqual([...found.keys()].sort(), ['DELETE /accounts/:id', 'GET /accounts', 'GET /reports/daily', 'GET /status', 'POST /accounts/:id/notes', 'POST /accounts/sign-in', 'POST /status/drain']);
    assert.equal(found.get('GET /accounts')?.framework, 'decorators');
    assert.equal(found.get('GET /accounts')?.handler?.name, 'AccountsController.list');
  });

  it('authenticates every route of a set whose routes can opt out, in every file', () => {
    assert.equal(found.get('GET /accounts')?.auth, 'user');
    assert.equal(found.get('GET /reports/daily')?.auth, 'user');
    assert.equal(found.get('POST /accounts/sign-in')?.auth, 'none');
    assert.ok(found.get('POST /accounts/sign-in')?.tags?.includes('rate-limited'));
  });

  it('judges scope decorators like permission guards', () => {
    assert.equal(found.get('DELETE /accounts/:id')?.auth, 'admin');
    assert.equal(found.get('POST /accounts/:id/notes')?.auth, 'user');
  });

  it('leaves access unknown when no route of the set shows an opt-out', () => {
    assert.equal(found.get('GET /status')?.auth, 'unknown');
    assert.equal(found.get('POST /status/drain')?.auth, 'unknown');
  });
});

describe('js/decorator-routes: Egg.js tegg', () => {
  const files = {
    'app/middleware/staff-only.ts': `import type { Context, Next } from 'egg';
export async function staffOnly(ctx: Context, next: Next) {
  if (!ctx.session?.staff) {
    ctx.status = 403;
    return;
  }
  await next();
}
`,
    'app/controller/ticket.ts': `import { HTTPController, HTTPMethod, HTTPMethodEnum, HTTPParam, HTTPContext, Middleware, Context } from '@eggjs/tegg';
import { staffOnly } from '../middleware/staff-only';
@HTTPController({ path: '/api/tickets' })
export class TicketController {
  @HTTPMethod({ method: HTTPMethodEnum.GET, path: '/:id' })
  async show(@HTTPParam() id: string) { return this.tickets.find(id); }
  @HTTPMethod({ method: 'POST', path: '/' })
  async open(@HTTPContext() ctx: Context) {
    if (!ctx.user) ctx.throw(401, 'login first');
    return this.tickets.open(ctx.request.body);
  }
  @Middleware(staffOnly)
  @HTTPMethod({ method: HTTPMethodEnum.DELETE, path: '/:id' })
  async close(@HTTPParam() id: string) { return this.tickets.close(id); }
  @HTTPMethod({ method: HTTPMethodEnum.PUT, path: '/:id/assignee' })
  async assign(@HTTPContext() ctx: Context, @HTTPParam() id: string) {
    const agent = await this.access.requiredAgentLogin(ctx, 'write');
    return this.tickets.assign(id, agent.id);
  }
  @HTTPMethod({ method: HTTPMethodEnum.GET, path: '/mine' })
  async mine() {
    const agent = await this.ensureSignedInUser();
    return this.tickets.byAgent(agent.id);
  }
  @HTTPMethod({ method: HTTPMethodEnum.POST, path: '/import' })
  async bulkImport() {
    throw new ForbiddenError('bulk import is disabled');
  }
  @HTTPMethod({ method: HTTPMethodEnum.PUT, path: '/:id/stock' })
  async restock(@HTTPContext() ctx: Context, @HTTPParam() id: string) {
    await this.inventory.checkStock(ctx, id);
    return this.tickets.touch(id);
  }
}
`,
    'app/controller/health.ts': `import { HTTPController, HTTPMethod, HTTPMethodEnum } from 'egg';
import { NAME_PATTERN } from '../names';
@HTTPController()
export class HealthController {
  @HTTPMethod({ method: HTTPMethodEnum.GET, path: '/-/ping' })
  async ping() { return { pong: true }; }
  @HTTPMethod({ method: HTTPMethodEnum.GET, path: \`/pkg/:name(\${NAME_PATTERN})/readme\` })
  async readme() { return ''; }
  @HTTPMethod({ method: HTTPMethodEnum.GET, path: '/files/:key(@[^/]+/[^/]+|[^@/]+)/:rest(.*)' })
  async file() { return ''; }
}
`,
  };
  const found = routes(runExtractors([authExtractor, extractor, expressExtractor], files).facts);

  it('reads @HTTPController / @HTTPMethod options objects, from @eggjs/tegg or egg', () => {
    assert.deepEqual([...found.keys()].filter((k) => !k.startsWith('undefined')).sort(), ['DELETE /api/tickets/:id', 'GET /-/ping', 'GET /api/tickets/:id', 'GET /api/tickets/mine', 'GET /files/:key/:rest', 'GET /pkg/:name/readme', 'POST /api/tickets', 'POST /api/tickets/import', 'PUT /api/tickets/:id/assignee', 'PUT /api/tickets/:id/stock']);
    assert.equal(found.get('GET /-/ping')?.framework, 'tegg');
    assert.equal(found.get('GET /-/ping')?.auth, 'none');
    assert.equal(found.get('GET /api/tickets/:id')?.auth, 'none');
  });

  it('judges @Middleware(fn) where it is defined and the check in the method body', () => {
    assert.equal(found.get('DELETE /api/tickets/:id')?.auth, 'user');
    assert.equal(found.get('POST /api/tickets')?.auth, 'user');
  });

  it('counts a leading access check of an injected service as a check that may refuse, by its name', () => {
    assert.equal(found.get('PUT /api/tickets/:id/assignee')?.auth, 'unknown');
    assert.equal(found.get('GET /api/tickets/mine')?.auth, 'unknown');
    assert.equal(found.get('PUT /api/tickets/:id/stock')?.auth, 'none');
  });

  it('reads a handler that only throws Forbidden as refusing everyone', () => {
    assert.equal(found.get('POST /api/tickets/import')?.auth, 'admin');
  });
});
