import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures', import.meta.url));
function files(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else out[relative(FIXTURE, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

test('routes with groups, prefixes, resources and middleware; controller middleware; plain scripts', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(FIXTURE));
  assert.deepEqual(diagnostics, []);
  const routes = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.auth}`).sort(), [
    // (sorted below, as the actual list is)
    'DELETE /admin/users/:id admin',
    'DELETE /api/v1/orders/:id user',
    'DELETE /posts/:id user',
    'GET / none',
    'GET /api/v1/orders user',
    'GET /api/v1/orders/:id user',
    'GET /export user',
    'GET /posts user',
    'GET /posts/create user',
    'GET /posts/:id user',
    'GET /posts/:id/edit user',
    'PATCH /api/v1/orders/:id user',
    'PATCH /posts/:id user',
    'POST /api/v1/orders user',
    'POST /api/webhooks/stripe none',
    'POST /contact.php none',
    'POST /login none',
    'POST /posts user',
    'PUT /api/v1/orders/:id user',
    'PUT /posts/:id user',
  ].sort());
  const exp = routes.find((r) => r.path === '/export');
  assert.deepEqual(exp?.handler, { file: 'app/Http/Controllers/ReportController.php', line: 12, name: 'ReportController@export' });
  assert.equal(routes.find((r) => r.path === '/admin/users/:id')?.evidence.line, 16);
});

const TOKEN_GUARD = `<?php
namespace App\\Http\\Middleware;

class RequireToken
{
    public function handle($request, \\Closure $next)
    {
        if (! $this->valid($request->bearerToken())) {
            abort(401);
        }
        return $next($request);
    }
}
`;
const NOT_A_GUARD = `<?php
namespace App\\Http\\Middleware;

class LogoutUnconfirmed
{
    public function handle($request, \\Closure $next)
    {
        if (auth()->check() && ! auth()->user()->confirmed) {
            auth()->logout();
            return redirect()->to('/');
        }
        return $next($request);
    }
}
`;

test('a middleware group member that refuses requests without a credential authenticates its route file', () => {
  const kernel = `<?php
namespace App\\Http;

class Kernel extends HttpKernel
{
    protected $middlewareGroups = [
        'web' => [
            \\Illuminate\\Session\\Middleware\\StartSession::class,
            \\App\\Http\\Middleware\\LogoutUnconfirmed::class,
        ],
        'api' => [
            'throttle:api',
            \\App\\Http\\Middleware\\RequireToken::class,
        ],
    ];
}
`;
  const api = `<?php
Route::get('status', [StatusController::class, 'show'])->withoutMiddleware(RequireToken::class);
Route::post('notes', [NoteController::class, 'store']);
`;
  const web = `<?php
Route::post('/contact', [ContactController::class, 'send']);
Route::post('/notes', [NoteController::class, 'store'])->middleware('auth');
`;
  const { facts } = runExtractor(extractor, {
    'app/Http/Kernel.php': kernel,
    'app/Http/Middleware/RequireToken.php': TOKEN_GUARD,
    'app/Http/Middleware/LogoutUnconfirmed.php': NOT_A_GUARD,
    'routes/api.php': api,
    'routes/web.php': web,
  });
  const routes = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.auth}`).sort(), ['GET /api/status none', 'POST /api/notes user', 'POST /contact none', 'POST /notes user']);
  assert.ok(routes.find((r) => r.path === '/api/notes')?.authEvidence?.some((e) => e.includes('RequireToken')));
});

test('Laravel 11 bootstrap/app.php groups and aliases, and a provider giving a route file its middleware', () => {
  const bootstrap = `<?php
return Application::configure(basePath: dirname(__DIR__))
    ->withRouting(
        web: __DIR__.'/../routes/web.php',
        api: __DIR__.'/../routes/api.php',
    )
    ->withMiddleware(function (Middleware $middleware) {
        $middleware->api(append: [
            \\App\\Http\\Middleware\\RequireToken::class,
        ]);
        $middleware->alias([
            'partner' => \\App\\Http\\Middleware\\RequireToken::class,
        ]);
    })
    ->create();
`;
  const provider = `<?php
class RouteServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        $this->routes(function () {
            Route::middleware(['web', 'auth'])->prefix('admin')->group(base_path('routes/backoffice.php'));
        });
    }
}
`;
  const { facts } = runExtractor(extractor, {
    'bootstrap/app.php': bootstrap,
    'app/Providers/RouteServiceProvider.php': provider,
    'app/Http/Middleware/RequireToken.php': TOKEN_GUARD,
    'routes/api.php': `<?php\nRoute::delete('items/{id}', [ItemController::class, 'destroy']);\n`,
    'routes/web.php': `<?php\nRoute::post('/feed', [FeedController::class, 'store'])->middleware('partner');\nRoute::post('/signup', [SignupController::class, 'store']);\n`,
    'routes/backoffice.php': `<?php\nRoute::post('/reindex', [IndexController::class, 'run']);\n`,
  });
  const routes = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.auth}`).sort(), ['DELETE /api/items/:id user', 'POST /feed user', 'POST /reindex user', 'POST /signup none']);
});

test('Route::match takes its URI after the verbs; a typed static closure still opens a group', () => {
  const routes = `<?php
$actions = ['ping' => PingController::class, 'save' => SaveController::class];

Route::prefix('feed')
    ->middleware(['auth'])
    ->group(static function () use ($actions): void {
        foreach ($actions as $name => $controller) {
            Route::match(['get', 'post'], "{$name}{format?}", $controller);
        }
    });
Route::match(['put', 'patch'], 'profile', [ProfileController::class, 'update']);
`;
  const { facts } = runExtractor(extractor, { 'routes/web.php': routes });
  const list = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth}`).sort();
  assert.deepEqual(list, ['GET /feed/:name:format user', 'PATCH /profile none', 'POST /feed/:name:format user', 'PUT /profile none']);
});

test('route files named with dots (routes/api.base.php) are route files', () => {
  const routes = `<?php
Route::prefix('api')->group(static function (): void {
    Route::post('me', LoginController::class);
    Route::middleware('auth')->group(static function (): void {
        Route::put('me', [ProfileController::class, 'update']);
    });
});
`;
  const { facts } = runExtractor(extractor, { 'routes/api.base.php': routes });
  const list = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth}`).sort();
  assert.deepEqual(list, ['POST /api/me none', 'PUT /api/me user']);
});

test('middleware given as classes, route names and single-action controllers say what a route is', () => {
  const routes = `<?php
Route::prefix('api')->group(static function (): void {
    Route::post('me', SignInWithPasswordController::class)->name('auth.login');
    Route::delete('me', LogoutController::class);
});
Route::prefix('legacy')
    ->middleware([NormalizeParams::class, \\App\\Http\\Middleware\\Authenticate::class])
    ->group(static function (): void {
        Route::post('scrobble', ScrobbleController::class);
    });
`;
  const { facts } = runExtractor(extractor, { 'routes/api.base.php': routes });
  const list = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth} ${(r.tags ?? []).filter((t) => t === 'login' || t === 'logout').join(',')}`.trim()).sort();
  assert.deepEqual(list, ['DELETE /api/me none logout', 'POST /api/me none login', 'POST /legacy/scrobble user']);
});
