import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/Shop.Api/${name}`, import.meta.url), 'utf8');

const summary = (facts: readonly { kind: string }[]) =>
  facts
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((r) => `${r.protocol} ${r.method} ${r.path} ${r.auth}${r.tags?.includes('upload') ? ' upload' : ''}`)
    .sort();

test('controllers, minimal APIs, groups, gRPC and hubs; global RequireAuthorization on controllers', () => {
  const { facts, diagnostics } = runExtractor(extractor, {
    'Shop.Api/Controllers/UsersController.cs': fixture('Controllers/UsersController.cs'),
    'Shop.Api/Program.cs': fixture('Program.cs'),
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    'grpc POST /GreeterService none',
    'http DELETE /admin/cache admin',
    'http DELETE /api/Users/:id admin',
    'http GET /api/Users/:id user',
    'http GET /health none',
    'http POST /admin/login none',
    'http POST /api/Users none',
    'http POST /api/Users/:id/avatar user upload',
    'http POST /orders user',
    'http PUT /api/admin/users/:id admin',
    'websocket GET /hubs/chat none',
  ]);
  const del = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === 'DELETE' && f.path === '/api/Users/:id');
  assert.equal(del?.evidence.line, 17);
  assert.deepEqual(del?.handler, { file: 'Shop.Api/Controllers/UsersController.cs', line: 17, name: 'UsersController.Delete' });
  assert.ok(facts.some((f) => f.kind === 'auth' && f.mechanism === 'jwt'));
});

test('without a global policy, attribute-less actions are public', () => {
  const { facts } = runExtractor(extractor, { 'Controllers/UsersController.cs': fixture('Controllers/UsersController.cs') });
  assert.ok(summary(facts).includes('http GET /api/Users/:id none'));
});

test('route-builder extension methods take the prefix and authorization of the group they are mounted on', () => {
  const { facts } = runExtractor(extractor, {
    'Inventory.Api/Endpoints/Mounting.cs': `public static class Mounting
{
    public static void MapInventory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/stock").WithSecuredDefaults().MapStockEndpoints();
        endpoints.MapGroup("/status").MapStatusEndpoints();
    }

    private static RouteGroupBuilder WithSecuredDefaults(this RouteGroupBuilder group)
    {
        group.RequireAuthorization("ApiScope");
        group.WithTags("secured");
        return group;
    }
}
`,
    'Inventory.Api/Endpoints/StockEndpoints.cs': `internal static class StockEndpoints
{
    public static RouteGroupBuilder MapStockEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("{id:guid}/reserve", (Guid id) => TypedResults.NoContent());
        group.MapGet("public-count", () => 1).AllowAnonymous();
        return group;
    }
}
`,
    'Inventory.Api/Endpoints/StatusEndpoints.cs': `internal static class StatusEndpoints
{
    public static RouteGroupBuilder MapStatusEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("ping", () => TypedResults.Ok());
        return group;
    }
}
`,
    'Billing.Api/Apis/InvoicesApi.cs': `public static class InvoicesApi
{
    public static RouteGroupBuilder MapInvoicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/invoices");
        api.MapPost("/", CreateInvoice);
        return api;
    }
}
`,
    'Billing.Api/Program.cs': `var app = builder.Build();
app.MapInvoicesApi()
   .RequireAuthorization();
app.Run();
`,
  });
  assert.deepEqual(summary(facts), [
    'http GET /stock/public-count none',
    'http POST /api/invoices user',
    'http POST /status/ping none',
    'http POST /stock/:id/reserve user',
  ]);
});

test('MVC controllers without route templates are reached through the conventional route', () => {
  const { facts } = runExtractor(extractor, {
    'Portal/Controllers/AccountController.cs': `using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

public class AccountController : Controller
{
    [HttpPost]
    [ValidateAntiForgeryToken]
    public IActionResult Index(SignInModel model) => View(model);

    [HttpPost]
    [Authorize]
    public async Task<IActionResult> SignOutAsync() => RedirectToAction("Index");

    [HttpPost]
    [ActionName("Reset")]
    public IActionResult ResetPassword(string email) => View();
}

public class HomeController : Controller
{
    [HttpGet]
    public IActionResult Index() => View();
}
`,
  });
  assert.deepEqual(summary(facts), ['http GET / none', 'http POST /Account none', 'http POST /Account/Reset none', 'http POST /Account/SignOut user']);
});

test('an action that refuses unless its own permission check passes is permission-checked', () => {
  const { facts } = runExtractor(extractor, {
    'Api/Controllers/NotesController.cs': `using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

[Route("notes")]
[Authorize]
public class NotesController : Controller
{
    [HttpDelete("{id}/admin")]
    public async Task DeleteAdmin(Guid id)
    {
        var note = await _notes.GetByIdAsync(id);
        if (note == null || !await _context.CanManageNotesAsync(note.TeamId))
        {
            throw new NotFoundException();
        }
        await _notes.DeleteAsync(note);
    }

    [HttpGet("{id}/admin")]
    public async Task<IActionResult> GetAdmin(Guid id)
    {
        var result = await _authorization.AuthorizeAsync(User, id, "TeamAdmin");
        if (!result.Succeeded)
            return Forbid();
        return Ok(await _notes.GetByIdAsync(id));
    }

    [HttpPut("{id}/admin")]
    public async Task PutAdmin(Guid id, string text)
    {
        if (!await _context.CanManageNotesAsync(id))
        {
            _logger.LogWarning("not a manager");
        }
        await _notes.UpdateAsync(id, text);
    }

    [HttpPost("{id}/delete-admin")]
    [Obsolete("Use DELETE")]
    public async Task PostDeleteAdmin(Guid id)
    {
        return await DeleteAdmin(id);
    }
}
`,
  });
  const checked = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.tags?.includes('permission-checked') === true).map((r) => `${r.method} ${r.path}`).sort();
  // The deprecated alias forwards to DeleteAdmin, whose check it inherits.
  assert.deepEqual(checked, ['DELETE /notes/:id/admin', 'GET /notes/:id/admin', 'POST /notes/:id/delete-admin']);
});
