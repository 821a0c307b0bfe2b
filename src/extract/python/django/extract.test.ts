import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact } from '../../../model/types.js';
import { fixtureFiles, routeLines, runAll } from '../../_polyglot/testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as settings } from '../settings/index.js';
import { extractor } from './index.js';

const SHOP = fileURLToPath(new URL('./fixtures/shop', import.meta.url));

test('URLconfs with includes, DRF routers and the admin site are joined to views across files', () => {
  const facts = runAll([extractor, settings, auth], fixtureFiles(SHOP));
  assert.deepEqual(routeLines(facts), [
    'ALL /admin admin',
    'DELETE /api/products/:pk user',
    'GET /api/health none',
    'GET /api/products user',
    'GET /api/products/:pk user',
    'GET /orders user',
    'GET /orders/:pk user',
    'GET /orders/:pk/edit user',
    'GET /orders/search/:term none',
    'PATCH /api/products/:pk user',
    'POST /api/products user',
    'POST /api/products/reindex admin',
    'POST /orders/:pk/cancel none',
    'POST /orders/:pk/edit user',
    'PUT /api/products/:pk user',
  ]);
  const cancel = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/orders/:pk/cancel');
  assert.equal(cancel?.evidence.file, 'orders/urls.py');
  assert.equal(cancel?.evidence.line, 8);
  assert.deepEqual(cancel?.handler, { file: 'orders/views.py', line: 27, name: 'cancel_order' });
  assert.ok(cancel?.tags?.includes('state-changing'));
  assert.ok(!facts.some((f) => f.kind === 'config' && f.setting.startsWith('py-')), 'records are consumed by link');
});

test('DRF permission classes: explicit classes win over the project default; custom classes judged by body', () => {
  const facts = runAll([extractor, auth], {
    'urls.py': `from django.urls import path
from . import views
urlpatterns = [
    path("a/", views.A.as_view()),
    path("b/", views.B.as_view()),
    path("c/", views.c),
]
`,
    'views.py': `from rest_framework.views import APIView
from rest_framework.permissions import BasePermission
from rest_framework.decorators import api_view, permission_classes

class IsOwnerStaff(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_staff

class A(APIView):
    permission_classes = [IsOwnerStaff]
    def post(self, request):
        return None

class B(APIView):
    def delete(self, request):
        return None

@api_view(["POST"])
def c(request):
    return None
`,
  });
  assert.deepEqual(routeLines(facts), ['DELETE /b none', 'POST /a admin', 'POST /c none']);
});

test('function views: decorators, require_http_methods and method checks in the body', () => {
  const facts = runAll([extractor], {
    'urls.py': `from django.urls import path
from .views import edit, stats
urlpatterns = [path("edit/<slug:slug>/", edit), path("stats/", stats)]
`,
    'views.py': `from django.contrib.admin.views.decorators import staff_member_required
from django.views.decorators.http import require_http_methods

@require_http_methods(["GET", "POST"])
def edit(request, slug):
    return None

@staff_member_required
def stats(request):
    if request.method == "POST":
        pass
    return None
`,
  });
  assert.deepEqual(routeLines(facts), ['GET /edit/:slug none', 'GET /stats admin', 'POST /edit/:slug none', 'POST /stats admin']);
});

test('a view opened on purpose (permission_classes = [AllowAny]) is declared public; an unguarded one is not', () => {
  const facts = runAll([extractor, settings, auth], fixtureFiles(SHOP));
  const declared = facts
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint' && !!f.tags?.includes('declared-public'))
    .map((r) => `${r.method} ${r.path}`)
    .sort();
  assert.deepEqual(declared, ['GET /api/health']);
});
