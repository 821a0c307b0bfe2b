// AdonisJS v5 and v6 routes, groups, resources, middleware, controllers and in-handler checks.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

// The engine links with the shared linkRoutes of the other route extractors; alone, it links itself.
const linked = { ...extractor, link: (facts: Fact[]) => linkRoutes(extractor.link ? extractor.link(facts) : facts) };

function entries(files: Record<string, string>): EntrypointFact[] {
  return runExtractors([linked], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

function table(eps: EntrypointFact[]): string[] {
  return eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
}

const v5 = {
  'start/kernel.ts': `import Server from '@ioc:Adonis/Core/Server'
Server.middleware.register([() => import('@ioc:Adonis/Core/BodyParser'), () => import('App/Middleware/SilentAuth')])
Server.middleware.registerNamed({ auth: () => import('App/Middleware/Auth'), acl: () => import('App/Middleware/Acl') })
`,
  'start/routes.ts': `import Route from '@ioc:Adonis/Core/Route'
Route.get('/health', async () => ({ ok: true }))
Route.post('/login', 'AuthController.login')
Route.group(() => {
  Route.get('/me', 'AuthController.me')
  Route.resource('projects.tasks', 'TasksController').apiOnly().only(['index', 'store', 'destroy'])
  Route.resource('comments', 'CommentsController')
    .except(['create', 'edit'])
    .middleware({ destroy: ['acl:admin'] })
  Route.group(() => {
    Route.get('/users', 'UsersController.index')
  }).prefix('admin').namespace('App/Controllers/Http/Admin').middleware('acl:admin')
}).prefix('v1').prefix('api').middleware('auth:api')
Route.get('/reports/:id', 'ReportsController.show')
`,
  'app/Controllers/Http/AuthController.ts': `import { HttpContextContract } from '@ioc:Adonis/Core/HttpContext'
export default class AuthController {
  public async login({ request, auth }: HttpContextContract) {
    const { email, password } = request.only(['email', 'password'])
    await auth.use('api').attempt(email, password)
  }
  public async me({ auth }: HttpContextContract) {
    return auth.user
  }
}
`,
  'app/Controllers/Http/Admin/UsersController.ts': `import { HttpContextContract } from '@ioc:Adonis/Core/HttpContext'
import User from 'App/Models/User'
export default class UsersController {
  public async index({}: HttpContextContract) {
    return User.all()
  }
}
`,
  'app/Controllers/Http/ReportsController.ts': `import { HttpContextContract } from '@ioc:Adonis/Core/HttpContext'
import Report from 'App/Models/Report'
export default class ReportsController {
  public async show({ params, auth, response }: HttpContextContract) {
    if (!auth.user?.isAdmin) {
      return response.unauthorized()
    }
    return Report.findOrFail(params.id)
  }
}
`,
};

describe('extract/js/adonis', () => {
  it('reads v5 routes, groups, prefixes, namespaces, resources and middleware', () => {
    const eps = entries(v5);
    assert.deepEqual(table(eps), [
      'DELETE /api/v1/comments/:id admin',
      'DELETE /api/v1/projects/:project_id/tasks/:id user',
      'GET /api/v1/admin/users admin',
      'GET /api/v1/comments user',
      'GET /api/v1/comments/:id user',
      'GET /api/v1/me user',
      'GET /api/v1/projects/:project_id/tasks user',
      'GET /health none',
      'GET /reports/:id admin',
      'PATCH /api/v1/comments/:id user',
      'POST /api/v1/comments user',
      'POST /api/v1/projects/:project_id/tasks user',
      'POST /login none',
      'PUT /api/v1/comments/:id user',
    ]);
    // The controller method is the handler, in the folder the namespace names.
    const users = eps.find((e) => e.path === '/api/v1/admin/users');
    assert.equal(users?.handler?.file, 'app/Controllers/Http/Admin/UsersController.ts');
    assert.equal(users?.handler?.line, 4);
    assert.deepEqual(users?.middleware, ['auth:api', 'acl:admin']);
    assert.equal(eps.find((e) => e.path === '/login')?.handler?.line, 3);
    assert.equal(eps.find((e) => e.path === '/health')?.handler?.file, 'start/routes.ts');
  });

  it('reads v6 routes with lazy controllers, named middleware, resources and in-handler checks', () => {
    const eps = entries({
      'start/routes.ts': `import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { throttle } from '#start/limiter'
const PostsController = () => import('#controllers/posts_controller')
import NotesController from '#controllers/notes_controller'
const ShowDashboard = () => import('#controllers/show_dashboard_controller')

router.get('/posts', [PostsController, 'index'])
router.on('/about').render('pages/about')
router.get('/dashboard', [ShowDashboard])
router.group(() => {
  router.resource('posts', PostsController).only(['store', 'update']).params({ posts: 'slug' })
  router.post('/notes', [NotesController, 'store']).use(throttle)
}).prefix('/api').use(middleware.auth({ guards: ['api'] }))
router.group(() => {
  router.get('/stats', [PostsController, 'stats'])
}).prefix('/admin').use([middleware.auth(), middleware.admin()])
router.delete('/notes/:id', [NotesController, 'destroy']).use(middleware.silentAuth())
router.post('/notes/:id/publish', [NotesController, 'publish'])
router.post('/notes/:id/flag', [NotesController, 'flag'])
`,
      'app/controllers/posts_controller.ts': `import type { HttpContext } from '@adonisjs/core/http'
export default class PostsController {
  async index({ request }: HttpContext) { return request.qs() }
  async store({ request }: HttpContext) { return request.all() }
  async update({ params }: HttpContext) { return params.slug }
  async stats({}: HttpContext) { return 1 }
}
`,
      'app/controllers/notes_controller.ts': `import type { HttpContext } from '@adonisjs/core/http'
import Note from '#models/note'
export default class NotesController {
  async store({ request }: HttpContext) { return request.body() }
  async destroy({ params, auth }: HttpContext) {
    await auth.authenticate()
    return Note.query().where('id', params.id).delete()
  }
  async publish({ params, bouncer }: HttpContext) {
    const note = await Note.findOrFail(params.id)
    await bouncer.with(NotePolicy).authorize('publish', note)
  }
  async flag({ auth }: HttpContext) {
    return auth.user!.related('flags').create({})
  }
}
`,
      'app/controllers/show_dashboard_controller.ts': `import type { HttpContext } from '@adonisjs/core/http'
export default class ShowDashboardController {
  async handle({ view }: HttpContext) { return view.render('dashboard') }
}
`,
    });
    assert.deepEqual(table(eps), [
      'DELETE /notes/:id user',
      'GET /about none',
      'GET /admin/stats admin',
      'GET /dashboard none',
      'GET /posts none',
      'PATCH /api/posts/:slug user',
      'POST /api/notes user',
      'POST /api/posts user',
      'POST /notes/:id/flag user',
      'POST /notes/:id/publish user',
      'PUT /api/posts/:slug user',
    ]);
    const dash = eps.find((e) => e.path === '/dashboard');
    assert.equal(dash?.handler?.file, 'app/controllers/show_dashboard_controller.ts');
    assert.ok(eps.find((e) => e.path === '/about')?.tags?.includes('page-only'));
    assert.ok(eps.find((e) => e.path === '/api/notes')?.tags?.includes('rate-limited') || eps.find((e) => e.path === '/api/notes')?.middleware?.includes('throttle'));
  });

  it('treats the global auth middleware of start/kernel.ts as a guard of every route', () => {
    const eps = entries({
      'start/kernel.ts': `import router from '@adonisjs/core/services/router'
router.use([() => import('@adonisjs/core/bodyparser_middleware'), () => import('#middleware/auth_middleware')])
`,
      'start/routes.ts': `import router from '@adonisjs/core/services/router'
router.get('/files', async ({ request }) => request.qs())
`,
    });
    assert.deepEqual(table(eps), ['GET /files user']);
  });

  it('does not trust a global guard whose own file lets requests through first', () => {
    const eps = entries({
      'start/kernel.ts': `import router from '@adonisjs/core/services/router'
router.use([() => import('#middleware/auth_middleware')])
`,
      'app/middleware/auth_middleware.ts': `import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
const OPEN = ['/login', '/setup']
export default class AuthMiddleware {
  async handle({ request, response }: HttpContext, next: NextFn) {
    if (OPEN.some((p) => request.url().startsWith(p))) {
      await next()
      return
    }
    if (!request.header('token')) return response.unauthorized()
    await next()
  }
}
`,
      'start/routes.ts': `import router from '@adonisjs/core/services/router'
router.post('/login', async ({ request }) => request.only(['user']))
`,
    });
    assert.deepEqual(table(eps), ['POST /login unknown']);
  });

  it('judges named middleware by the handle of the class start/kernel.ts registers (v6 and v5), the name as fallback', () => {
    const mw = (body: string): string => `import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
export default class M {
  async handle({ auth, request, response }: HttpContext, next: NextFn) {
${body}
  }
}
`;
    const eps = entries({
      'start/kernel.ts': `import router from '@adonisjs/core/services/router'
export const middleware = router.named({
  member: () => import('#middleware/member_middleware'),
  staff: () => import('#middleware/staff_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  guard: () => import('#middleware/guard_middleware'),
  session: () => import('#middleware/session_middleware'),
})
`,
      // Named for nothing a name says: its body refuses guests.
      'app/middleware/member_middleware.ts': mw(`    if (!auth.user) return response.unauthorized({ message: 'sign in' })
    return next()`),
      'app/middleware/staff_middleware.ts': mw(`    const user = auth.getUserOrFail()
    if (user.role !== 'admin') return response.forbidden()
    return next()`),
      // The stock v6 middleware delegates to the auth package: its name decides.
      'app/middleware/auth_middleware.ts': mw(`    await auth.authenticateUsing(undefined, { loginRoute: '/login' })
    return next()`),
      // Named like a guard, but lets every request without a token through.
      'app/middleware/guard_middleware.ts': mw(`    const token = request.header('authorization')
    if (!token) return next()
    if (!(await verify(token))) return response.unauthorized()
    return next()`),
      'start/routes.ts': `import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
router.get('/feed', async () => []).use(middleware.member())
router.get('/admin/stats', async () => []).use(middleware.staff())
router.get('/me', async () => []).use(middleware.auth())
router.get('/files', async () => []).use(middleware.guard())
router.get('/sessions', async () => []).use(middleware.session())
`,
    });
    assert.deepEqual(table(eps), ['GET /admin/stats admin', 'GET /feed user', 'GET /files none', 'GET /me user', 'GET /sessions none']);
    assert.match(JSON.stringify(eps.find((e) => e.path === '/feed')?.authEvidence), /member_middleware/);
    const v5eps = entries({
      'start/kernel.ts': `import Server from '@ioc:Adonis/Core/Server'
Server.middleware.registerNamed({ verified: () => import('App/Middleware/Verified') })
`,
      'app/Middleware/Verified.ts': `import { HttpContextContract } from '@ioc:Adonis/Core/HttpContext'
export default class Verified {
  public async handle({ auth, response }: HttpContextContract, next: () => Promise<void>) {
    if (!auth.user) return response.unauthorized()
    await next()
  }
}
`,
      'start/routes.ts': `import Route from '@ioc:Adonis/Core/Route'
Route.get('/inbox', 'InboxController.index').middleware('verified')
`,
    });
    assert.deepEqual(table(v5eps), ['GET /inbox user']);
  });

  it('records the session cookie of a session-guard app and @adonisjs/shield CSRF protection', () => {
    const session = `import { SessionConfig } from '@ioc:Adonis/Addons/Session'
const sessionConfig: SessionConfig = { enabled: true, driver: 'cookie', cookieName: 'adonis-session', cookie: { path: '/', httpOnly: true, sameSite: false } }
export default sessionConfig
`;
    const configs = (files: Record<string, string>): string[] =>
      runExtractors([linked], files)
        .facts.filter((f) => f.kind === 'config' && (f.setting === 'session' || f.setting === 'csrf'))
        .map((f) => (f.kind === 'config' ? `${f.setting} ${f.evidence.file} ${String(f.values.library)} ${String(f.values.sameSite ?? f.values.exceptRoutes)}` : ''));
    assert.deepEqual(
      configs({
        'config/session.ts': session,
        'config/auth.ts': `import { AuthConfig } from '@ioc:Adonis/Addons/Auth'
const authConfig: AuthConfig = { guard: 'web', guards: { web: { driver: 'session', provider: { driver: 'lucid' } } } }
export default authConfig
`,
        'config/shield.ts': `import { defineConfig } from '@adonisjs/shield'
export default defineConfig({ csrf: { enabled: true, exceptRoutes: ['/stripe/webhook'] }, csp: { enabled: false } })
`,
      }),
      ['session config/session.ts @adonisjs/session false', 'csrf config/shield.ts @adonisjs/shield /stripe/webhook'],
    );
    // An API that signs in with tokens only: its session cookie authenticates nobody; CSRF switched off is no protection.
    assert.deepEqual(
      configs({
        'config/session.ts': session,
        'config/auth.ts': `import { defineConfig } from '@adonisjs/auth'
import { tokensGuard } from '@adonisjs/auth/access_tokens'
export default defineConfig({ default: 'api', guards: { api: tokensGuard({ provider: null }) } })
`,
        'config/shield.ts': `import { defineConfig } from '@adonisjs/shield'
export default defineConfig({ csrf: { enabled: false } })
`,
      }),
      [],
    );
  });

  it('models the fixture application', () => {
    const root = join(import.meta.dirname, 'fixtures', 'v6');
    const files: Record<string, string> = {};
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files[relative(root, p)] = readFileSync(p, 'utf8');
      }
    };
    walk(root);
    const eps = entries(files);
    const auth = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.equal(auth['GET /search'], 'none');
    assert.equal(auth['POST /api/posts'], 'user');
    assert.equal(auth['DELETE /admin/users/:id'], 'admin');
    assert.equal(auth['GET /reports/:id'], 'user');
    assert.equal(auth['POST /reports'], 'admin');
    assert.equal(eps.length, 14);
  });
});
