// Django and DRF views of one file as `py-django-view` records: methods served, guards (decorators,
// mixins, permission_classes), whether the DRF project default applies, body tags, ViewSet actions.
import type { FactInput } from '../../../model/types.js';
import type { MwRef } from '../../js/_lib/routes.js';
import { classRefs, decoratorRef, permissionRef } from '../_lib/auth.js';
import type { DjangoViewRecord } from '../_lib/django-link.js';
import { moduleOf, type PyClass, type PyFunction, type PyIndex } from '../_lib/index.js';
import { internalFact } from '../_lib/link-records.js';
import { bodyTags } from '../_lib/routes.js';
import { pyString, pyStringList } from '../_lib/strings.js';

const HANDLERS = ['get', 'post', 'put', 'patch', 'delete'];

/** Methods of Django / DRF generic views by base class name. */
const GENERIC_METHODS: Record<string, string[]> = {
  TemplateView: ['GET'], ListView: ['GET'], DetailView: ['GET'], RedirectView: ['GET'], ArchiveIndexView: ['GET'],
  CreateView: ['GET', 'POST'], UpdateView: ['GET', 'POST'], DeleteView: ['GET', 'POST'], FormView: ['GET', 'POST'],
  LoginView: ['GET', 'POST'], PasswordChangeView: ['GET', 'POST'], PasswordResetView: ['GET', 'POST'], PasswordResetConfirmView: ['GET', 'POST'], LogoutView: ['POST'],
  ListAPIView: ['GET'], RetrieveAPIView: ['GET'], CreateAPIView: ['POST'], DestroyAPIView: ['DELETE'], UpdateAPIView: ['PUT', 'PATCH'],
  ListCreateAPIView: ['GET', 'POST'], RetrieveUpdateAPIView: ['GET', 'PUT', 'PATCH'], RetrieveDestroyAPIView: ['GET', 'DELETE'],
  RetrieveUpdateDestroyAPIView: ['GET', 'PUT', 'PATCH', 'DELETE'],
};

/** ViewSet actions: name → method and whether it addresses one object. */
export const VIEWSET_ACTIONS: Record<string, { method: string; detail: boolean }> = {
  list: { method: 'GET', detail: false },
  create: { method: 'POST', detail: false },
  retrieve: { method: 'GET', detail: true },
  update: { method: 'PUT', detail: true },
  partial_update: { method: 'PATCH', detail: true },
  destroy: { method: 'DELETE', detail: true },
};

const VIEWSET_BASES: Record<string, string[]> = {
  ModelViewSet: ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'],
  ReadOnlyModelViewSet: ['list', 'retrieve'],
  ListModelMixin: ['list'],
  CreateModelMixin: ['create'],
  RetrieveModelMixin: ['retrieve'],
  UpdateModelMixin: ['update', 'partial_update'],
  DestroyModelMixin: ['destroy'],
};

function shortBases(cls: PyClass): string[] {
  return cls.bases.map((b) => b.split('.').pop() ?? b);
}

function isDrf(index: PyIndex, cls?: PyClass): boolean {
  if (cls) return cls.bases.some((b) => b.startsWith('rest_framework') || /APIView$|ViewSet$|GenericAPIView$/.test(b));
  return index.importsFrom('rest_framework');
}

/** Methods a function view answers: `@require_POST`, `@require_http_methods`, `@api_view`, or the body's method checks. */
function functionMethods(fn: PyFunction): string[] {
  for (const d of fn.decorators) {
    const name = d.name.split('.').pop() ?? '';
    if (name === 'require_POST') return ['POST'];
    if (name === 'require_GET' || name === 'require_safe') return ['GET'];
    if ((name === 'require_http_methods' || name === 'api_view') && d.args[0]) return pyStringList(d.args[0])?.map((m) => m.toUpperCase()) ?? ['GET'];
    if (name === 'api_view') return ['GET'];
  }
  const text = fn.node.text();
  const methods = new Set(['GET']);
  for (const m of text.matchAll(/request\.method\s*(?:==|!=|in)\s*[([]?\s*['"](POST|PUT|PATCH|DELETE)['"]/g)) methods.add(m[1]);
  if (/request\.POST\b|request\.FILES\b/.test(text)) methods.add('POST');
  return [...methods];
}

function isFunctionView(fn: PyFunction): boolean {
  if (fn.className) return false;
  const first = fn.params[0];
  return !!first && (first.name === 'request' || /HttpRequest|Request$/.test(first.annotation ?? '')) && !fn.name.startsWith('_');
}

function isClassView(cls: PyClass): boolean {
  return cls.bases.some((b) => /(View|ViewSet)$/.test(b));
}

function functionRefs(fn: PyFunction, index: PyIndex): MwRef[] {
  return fn.decorators.map((d) => decoratorRef(d, index)).filter((r): r is MwRef => r !== undefined);
}

function viewsetActions(cls: PyClass, index: PyIndex): DjangoViewRecord['actions'] {
  const names = new Set<string>();
  for (const b of shortBases(cls)) for (const a of VIEWSET_BASES[b] ?? []) names.add(a);
  for (const m of cls.methods) if (VIEWSET_ACTIONS[m.name]) names.add(m.name);
  const out: DjangoViewRecord['actions'] = [...names].map((name) => ({ name, methods: [VIEWSET_ACTIONS[name].method], detail: VIEWSET_ACTIONS[name].detail, line: cls.methods.find((m) => m.name === name)?.line ?? cls.line }));
  // @action(detail=True, methods=['post'], url_path='set-password')
  for (const m of cls.methods) {
    const d = m.decorators.find((x) => /(^|\.)(action|detail_route|list_route)$/.test(x.name));
    if (!d?.call) continue;
    const kw = (k: string) => d.call?.field('arguments')?.namedChildren().find((a) => a.kind() === 'keyword_argument' && a.field('name')?.text() === k)?.field('value');
    const methods = pyStringList(kw('methods'))?.map((x) => x.toUpperCase()) ?? ['GET'];
    const detail = kw('detail')?.text() === 'True' || d.name.endsWith('detail_route');
    const perms = kw('permission_classes');
    const ref = perms ? permissionRef(perms, index) : undefined;
    out.push({ name: m.name, methods, detail, path: pyString(kw('url_path')) ?? m.name, line: m.line, refs: ref ? [ref] : undefined });
  }
  return out;
}

export function djangoViews(index: PyIndex): FactInput[] {
  const module = moduleOf(index.file);
  const facts: FactInput[] = [];
  const record = (r: DjangoViewRecord, line: number) => facts.push(internalFact(index, line, 'py-django-view', r, r.name));
  for (const fn of index.functions) {
    if (!isFunctionView(fn)) continue;
    const refs = functionRefs(fn, index);
    const drf = fn.decorators.some((d) => /(^|\.)api_view$/.test(d.name));
    const explicit = fn.decorators.some((d) => /(^|\.)permission_classes$/.test(d.name));
    record({ module, name: fn.name, file: index.file, line: fn.line, methods: functionMethods(fn).map((m) => ({ method: m, refs, line: fn.line })), drfDefault: drf && !explicit, tags: bodyTags(fn.node.text()) }, fn.line);
  }
  for (const cls of index.classes) {
    if (!isClassView(cls)) continue;
    const classLevel = classRefs(cls, index);
    const drfDefault = isDrf(index, cls) && !cls.fields.has('permission_classes');
    const bases = shortBases(cls);
    const isViewSet = bases.some((b) => /ViewSet$/.test(b));
    const defined = cls.methods.filter((m) => HANDLERS.includes(m.name));
    const methods = new Map<string, { refs: MwRef[]; line: number }>();
    for (const b of bases) for (const m of GENERIC_METHODS[b] ?? []) methods.set(m, { refs: classLevel, line: cls.line });
    for (const m of defined) methods.set(m.name.toUpperCase(), { refs: [...classLevel, ...functionRefs(m, index)], line: m.line });
    const tags = [...new Set(cls.methods.flatMap((m) => bodyTags(m.node.text())))];
    const rec: DjangoViewRecord = {
      module,
      name: cls.name,
      file: index.file,
      line: cls.line,
      methods: [...methods].map(([method, v]) => ({ method, refs: v.refs, line: v.line })),
      drfDefault,
      tags,
      classRefs: classLevel,
      viewset: isViewSet,
    };
    if (isViewSet) rec.actions = viewsetActions(cls, index);
    record(rec, cls.line);
  }
  return facts;
}
