// Django URL configuration of one file as `py-django-route` and `py-drf-router` records: path /
// re_path / url patterns, the views they name (through the imports), includes (module strings,
// imported modules, DRF router urls) and the admin site.
import type { SgNode } from '@ast-grep/napi';
import type { FactInput } from '../../../model/types.js';
import { absoluteModule, splitQualified } from '../_lib/auth.js';
import type { DjangoRouteRecord, DrfRouterRecord, ViewRef } from '../_lib/django-link.js';
import { moduleOf, type PyIndex } from '../_lib/index.js';
import { internalFact } from '../_lib/link-records.js';
import { keywordArg, positionalArgs } from '../_lib/receivers.js';
import { dotted, pyString } from '../_lib/strings.js';

const PATH_FUNCS = /^(django\.urls\.(path|re_path)|django\.conf\.urls\.url|django\.conf\.urls\.re_path)$/;

function viewRef(index: PyIndex, written: string): ViewRef | undefined {
  const split = splitQualified(index.resolve(written));
  if (!split) return { module: moduleOf(index.file), name: written };
  return { module: absoluteModule(split.module, index.file), name: split.name };
}

/** `views.detail`, `DetailView.as_view()`, `UserViewSet.as_view({'get': 'list'})`. */
function target(index: PyIndex, node: SgNode): Pick<DjangoRouteRecord, 'view' | 'actions' | 'include' | 'includeRouter' | 'admin'> | undefined {
  const text = node.text().replace(/\s+/g, '');
  if (/^admin\.site\.urls$/.test(text)) return { admin: true };
  if (node.kind() === 'call') {
    const callee = index.resolve(dotted(node.field('function')) ?? '');
    const args = positionalArgs(node);
    if (/^django\.(urls|conf\.urls)\.include$/.test(callee)) {
      let first = args[0];
      if (first?.kind() === 'tuple') first = first.namedChildren()[0];
      if (!first) return undefined;
      const literal = pyString(first);
      if (literal !== undefined) return { include: literal };
      const written = dotted(first) ?? '';
      if (/\.urls$/.test(written)) {
        const base = written.slice(0, -'.urls'.length);
        const local = index.root.find({ rule: { kind: 'assignment', has: { field: 'left', regex: `^${base}$` } } });
        if (local && /Router\(/.test(local.field('right')?.text() ?? '')) return { includeRouter: `${moduleOf(index.file)}:${base}` };
        const resolved = index.resolve(written);
        return { include: resolved.startsWith('.') ? absoluteModule(resolved, index.file) : resolved };
      }
      if (/urlpatterns$/.test(written)) return { include: index.resolve(written).replace(/\.urlpatterns$/, '') };
      return undefined;
    }
    const fn = node.field('function');
    if (fn?.kind() === 'attribute' && fn.field('attribute')?.text() === 'as_view') {
      const cls = dotted(fn.field('object'));
      if (!cls) return undefined;
      const mapping = args[0]?.kind() === 'dictionary' ? args[0] : undefined;
      const actions: Record<string, string> = {};
      for (const pair of mapping?.namedChildren() ?? []) {
        const k = pyString(pair.field('key'));
        const v = pyString(pair.field('value'));
        if (k && v) actions[k.toUpperCase()] = v;
      }
      return { view: viewRef(index, cls), actions: mapping ? actions : undefined };
    }
    return undefined;
  }
  const written = dotted(node);
  return written ? { view: viewRef(index, written) } : undefined;
}

export function djangoUrls(index: PyIndex): FactInput[] {
  const facts: FactInput[] = [];
  const module = moduleOf(index.file);
  let n = 0;
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '^(path|re_path|url|urls\\.path|urls\\.re_path)$' } } })) {
    const callee = index.resolve(dotted(call.field('function')) ?? '');
    if (!PATH_FUNCS.test(callee)) continue;
    const args = positionalArgs(call);
    const raw = pyString(args[0] ?? keywordArg(call, 'route'));
    const viewNode = args[1] ?? keywordArg(call, 'view');
    if (raw === undefined || !viewNode) continue;
    const t = target(index, viewNode);
    if (!t) continue;
    const rec: DjangoRouteRecord = { module, file: index.file, line: call.range().start.line + 1, path: raw, regex: callee.endsWith('re_path') || callee.endsWith('.url'), ...t };
    facts.push(internalFact(index, call, 'py-django-route', rec, `${n++}`));
  }
  // DRF routers: router.register(r'users', UserViewSet, basename='user'); urlpatterns += router.urls
  const routers = new Set<string>();
  for (const a of index.root.findAll({ rule: { kind: 'assignment', has: { field: 'right', kind: 'call' } } })) {
    const ctor = index.resolve(dotted(a.field('right')?.field('function')) ?? '');
    if (/^rest_framework(_nested)?\.routers\.\w*Router$|^rest_framework\.routers\.\w+$/.test(ctor) || /Router$/.test(ctor)) routers.add(a.field('left')?.text() ?? '');
  }
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '\\.register$' } } })) {
    const recv = call.field('function')?.field('object')?.text() ?? '';
    if (!routers.has(recv)) continue;
    const args = positionalArgs(call);
    const prefix = pyString(args[0] ?? keywordArg(call, 'prefix'));
    const viewset = args[1] ? dotted(args[1]) : undefined;
    if (prefix === undefined || !viewset) continue;
    const view = viewRef(index, viewset);
    if (!view) continue;
    const rec: DrfRouterRecord = { router: `${module}:${recv}`, prefix, view, file: index.file, line: call.range().start.line + 1 };
    facts.push(internalFact(index, call, 'py-drf-router', rec, `${recv}:${prefix}`));
  }
  // `urlpatterns = router.urls` / `urlpatterns += router.urls` / `urlpatterns = [...] + router.urls`
  for (const a of index.root.findAll({ rule: { any: [{ kind: 'assignment' }, { kind: 'augmented_assignment' }], has: { field: 'left', regex: '^urlpatterns$' } } })) {
    for (const m of (a.field('right')?.text() ?? '').matchAll(/\b(\w+)\.urls\b/g)) {
      if (!routers.has(m[1])) continue;
      const rec: DjangoRouteRecord = { module, file: index.file, line: a.range().start.line + 1, path: '', regex: false, includeRouter: `${module}:${m[1]}` };
      facts.push(internalFact(index, a, 'py-django-route', rec, `${n++}`));
    }
  }
  return facts;
}
