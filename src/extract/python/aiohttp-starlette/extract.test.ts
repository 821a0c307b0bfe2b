import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

test('aiohttp route tables, add_* registrations, class views and inline checks', () => {
  const facts = runAll([extractor], {
    'server.py': `from aiohttp import web
from aiohttp_security import check_authorized, check_permission
routes = web.RouteTableDef()

@routes.get("/health")
async def health(request):
    return web.Response(text="ok")

@routes.post("/orders")
async def create_order(request):
    await check_authorized(request)
    return web.json_response({})

async def delete_user(request):
    await check_permission(request, "admin")
    return web.json_response({})

class ItemView(web.View):
    async def get(self):
        return web.json_response({})
    async def put(self):
        return web.json_response({})

app = web.Application()
app.router.add_delete("/users/{user_id}", delete_user)
app.router.add_route("*", "/items", ItemView)
app.add_routes([web.get("/status", health)])
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /users/:user_id admin', 'GET /health none', 'GET /items none', 'GET /status none', 'POST /orders user', 'PUT /items none']);
});

test('Starlette routes under mounts and @requires', () => {
  const facts = runAll([extractor], {
    'app.py': `from starlette.applications import Starlette
from starlette.authentication import requires
from starlette.routing import Mount, Route, WebSocketRoute

async def homepage(request):
    return None

@requires("authenticated")
async def profile(request):
    return None

@requires(["authenticated", "admin"])
async def purge(request):
    return None

async def feed(websocket):
    pass

app = Starlette(routes=[
    Route("/", homepage),
    Mount("/api", routes=[
        Route("/profile", profile, methods=["GET", "POST"]),
        Route("/purge", purge, methods=["DELETE"]),
    ]),
    WebSocketRoute("/ws", feed),
])
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /api/purge admin', 'GET / none', 'GET /api/profile user', 'GET /ws none', 'POST /api/profile user']);
});
