import type { ConfigFact, DataModelFact, EntrypointFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel } from './_web-routes.js';

const OWNER_FIELD = /^(user|userId|user_id|UserId|owner|ownerId|owner_id|OwnerId|createdBy|created_by|creator|creatorId|author|authorId|author_id|AuthorId|customer|customerId|customer_id|CustomerId|account|accountId|account_id|AccountId|tenant|tenantId|tenant_id|member|memberId|profile|profileId|seller|sellerId|buyer|buyerId|patient|patientId|student|studentId|employee|employeeId|client|clientId|uid)$/;
const PRIVATE_MODELS = /order|invoice|payment|card|address|message|conversation|document|ticket|booking|reservation|cart|basket|wallet|transaction|subscription|profile|account|appointment|note|prescription|medical|record|statement|receipt|bill|contract|application|feedback|complaint|upload|attachment/i;

function normal(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '').replace(/(ies)$/, 'y').replace(/s$/, '');
}

export const rule = defineRule({
  meta: {
    id: 'bola-idor',
    pack: 'web',
    title: 'Object-level authorization missing on {{route}}',
    description: 'The authenticated route {{route}} ({{file}}:{{line}}) passes {{idSource}} straight to {{api}} ({{operation}}) and never compares the {{model}} record with the logged-in user, so any user can {{verb}} another user\'s {{model}} by changing the id.',
    stride: ['E', 'I', 'T'],
    cwe: ['CWE-639', 'CWE-862'],
    capec: ['CAPEC-1', 'CAPEC-122'],
    attack: ['T1190', 'T1078'],
    owasp: ['API1:2023', 'A01:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'authenticated user',
      prerequisites: 'with a valid account who can guess or enumerate record ids',
      threatAction: '{{verb}} another user\'s {{model}} records through {{route}}',
      threatImpact: 'unauthorized access to or modification of other users\' data',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['{{model}} records'],
    },
    mitigation: {
      title: 'Scope record access to the authenticated user',
      content: 'Load records with the owner in the query (`{ _id: id, owner: req.user.id }` / `where: { id, userId }`) or check ownership (or an explicit permission) after loading and return 404/403 otherwise; prefer central policy helpers so every handler applies the same rule.',
      controls: { cwe: ['CWE-639'], asvs: ['V4.2.1'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'In the handler of {{route}} change the {{api}} call to include the owner, e.g. `{ _id: {{idSource}}, user: req.user.id }`, and return 404 when nothing matches.',
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/', 'https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html'],
  },
  check(ctx) {
    const models = new Map<string, DataModelFact>();
    for (const m of ctx.factsOf('data-model')) if (!models.has(normal(m.name))) models.set(normal(m.name), m);
    const routes = new Map<string, EntrypointFact>();
    for (const r of httpRoutes(ctx)) routes.set(`${r.evidence.file}:${r.evidence.line}:${r.method}:${r.path}`, r);
    const reported = new Set<EntrypointFact>();
    const accesses = configs(ctx, 'record-access').sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    for (const a of accesses) {
      const route = findRoute(routes, a);
      if (!route || reported.has(route) || route.auth !== 'user' || !internetFacing(ctx, route) || route.tags?.includes('mount-unresolved')) continue;
      const model = String(a.values.model);
      const known = models.get(normal(model)) ?? models.get(normal(model.replace(/(Model|Entity|Schema|Document)$/, '')));
      const op = String(a.values.operation);
      // A user id chosen by the client (`/allocations/:userId`) selects another user's data whatever the model.
      const userKeyed = USER_ID_SOURCE.test(String(a.values.idSource));
      if (userKeyed) {
        // reported below
      } else if (known) {
        if (!ownedByUser(known, models)) continue;
      } else if (op !== 'read' && AUTHORED_MODELS.test(model)) {
        // Changing or deleting what another user wrote (reviews, comments, posts) by its id.
      } else if (!PRIVATE_MODELS.test(model) || (op === 'read' && !/order|invoice|payment|card|address|message|document|wallet|transaction|statement|medical|prescription/i.test(model))) continue;
      reported.add(route);
      ctx.report({
        key: routeKey(route, 'bola'),
        evidence: [route.evidence, a.evidence],
        elements: elementsOf(ctx, route),
        data: { route: routeLabel(route), idSource: String(a.values.idSource), api: String(a.values.api), operation: op, model, verb: op === 'read' ? 'read' : op === 'update' ? 'modify' : 'delete' },
        confidence: known ? 'high' : 'medium',
      });
    }
    // Generated CRUD endpoints (finale...) over records that belong to a user, behind nothing
    // more than a login: any user reads, changes or deletes anyone's records by id, or lists them all.
    for (const r of routes.values()) {
      const tags = r.tags ?? [];
      if (!tags.includes('crud-generated') || r.auth !== 'user' || tags.includes('deny-all') || reported.has(r) || !internetFacing(ctx, r)) continue;
      const action = tags.find((t) => t.startsWith('crud-action:'))?.slice('crud-action:'.length);
      const modelId = tags.find((t) => t.startsWith('crud-model:'))?.slice('crud-model:'.length) ?? '';
      if (!action || action === 'create') continue;
      const known = models.get(normal(modelId.replace(/Model$/, '')));
      if (!known || !ownedByUser(known, models)) continue;
      reported.add(r);
      const op = action === 'list' || action === 'read' ? 'read' : action;
      ctx.report({
        key: routeKey(r, 'bola'),
        evidence: [r.evidence],
        elements: elementsOf(ctx, r),
        data: { route: routeLabel(r), idSource: action === 'list' ? 'no owner filter' : 'the id in the path', api: `the generated ${action} endpoint`, operation: op, model: known.name, verb: op === 'read' ? 'read' : op === 'update' ? 'modify' : 'delete' },
        confidence: 'medium',
      });
    }
  },
});

/** Content that belongs to whoever wrote it: only its author may change or delete it. */
const AUTHORED_MODELS = /review|comment|post|message|article|reply|answer|memo|note|thread|rating/i;
const USER_ID_SOURCE = /\.(user|owner|account|customer|member)_?id$/i;
const USER_MODEL = /^(user|account|member|customer|profile)$/;

/** A model whose records belong to one user: an owner column, the user itself, or a parent that has one. */
function ownedByUser(model: DataModelFact, models: Map<string, DataModelFact>, depth = 0): boolean {
  if (USER_MODEL.test(normal(model.name)) || model.fields.some((f) => OWNER_FIELD.test(f))) return true;
  if (depth > 0) return false;
  return model.fields.some((f) => {
    const parent = /^(\w+?)_?(Id|ID|id)$/.exec(f)?.[1];
    const p = parent ? models.get(normal(parent)) : undefined;
    return !!p && p !== model && !USER_MODEL.test(normal(p.name)) && ownedByUser(p, models, depth + 1);
  });
}

function findRoute(routes: Map<string, EntrypointFact>, a: ConfigFact): EntrypointFact | undefined {
  const file = a.values.routeFile;
  const line = a.values.routeLine;
  if (typeof file !== 'string' || typeof line !== 'number') return undefined;
  for (const r of routes.values()) {
    if (r.evidence.file !== file || r.evidence.line !== line) continue;
    if (typeof a.values.routePath === 'string' && a.values.routePath && r.path !== a.values.routePath) continue;
    return r;
  }
  return undefined;
}
