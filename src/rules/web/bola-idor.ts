import type { ConfigFact, DataModelFact, EntrypointFact, Level } from '../../model/types.js';
import { defineRule } from '../types.js';
import { callerIgnored, classScopes, hasAssigneeColumn, normalModelName as normal, ownershipOf, pathParamOf, recordScopes, roleGatedSiblings, scopedByService, selfScoped } from './_record-ownership.js';
import { configs, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

const PRIVATE_MODELS = /order|invoice|payment|card|address|message|conversation|document|ticket|booking|reservation|cart|basket|wallet|transaction|subscription|profile|account|appointment|note|prescription|medical|record|statement|receipt|bill|contract|application|feedback|complaint|upload|attachment/i;

export const rule = defineRule({
  meta: {
    id: 'bola-idor',
    pack: 'web',
    title: 'Object-level authorization missing on {{route}}',
    description: 'The {{audience}} route {{route}} ({{file}}:{{line}}) passes {{idSource}} straight to {{api}} ({{operation}}) and never compares the {{model}} record with {{whom}}, so {{actorShort}} can {{verb}} another user\'s {{model}} by changing the id.',
    stride: ['E', 'I', 'T'],
    cwe: ['CWE-639', 'CWE-862'],
    capec: ['CAPEC-1', 'CAPEC-122'],
    attack: ['T1190', 'T1078'],
    owasp: ['API1:2023', 'A01:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: '{{actor}}',
      prerequisites: '{{prerequisites}}',
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
    // The first model of a name, unless it has no known fields and a later one has (a model by name only).
    for (const m of ctx.factsOf('data-model')) if (!models.has(normal(m.name)) || models.get(normal(m.name))!.fields.length === 0) models.set(normal(m.name), m);
    const routes = new Map<string, EntrypointFact>();
    // RPC entry points (Meteor's DDP methods) take the record's id as an argument the client chooses.
    const rpc = ctx.factsOf('entrypoint').filter((f) => f.protocol !== 'http' && f.method === 'DDP' && f.tags?.includes('rpc'));
    for (const r of [...httpRoutes(ctx), ...rpc]) routes.set(`${r.evidence.file}:${r.evidence.line}:${r.method}:${r.path}`, r);
    const reported = new Set<EntrypointFact>();
    const accesses = configs(ctx, 'record-access').sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    const scopes = recordScopes(configs(ctx, 'record-scope'));
    const classes = classScopes(configs(ctx, 'record-scope-class'));
    // Per component: a repository may hold several applications.
    const modelsByScope = new Map<string, DataModelFact[]>();
    for (const m of ctx.factsOf('data-model')) {
      const scope = scopeOf(ctx, m.evidence.file);
      modelsByScope.set(scope, [...(modelsByScope.get(scope) ?? []), m]);
    }
    const singleUser = (file: string) => noUserRecords(modelsByScope.get(scopeOf(ctx, file)) ?? []);
    // Request fields an application overwrites with the caller's id (auth middleware), per component.
    const filled = new Set(configs(ctx, 'request-identity-fill').map((f) => `${scopeOf(ctx, f.evidence.file)}\u0000${String(f.values.field).toLowerCase()}`));
    for (const a of accesses) {
      // `req.body.UserId` that middleware sets from the token is the caller's own id, not the
      // client's choice; where nothing sets it, only a change of that user's records is reported
      // (a read by it is often the client echoing its own id back).
      if (typeof a.values.clientUserId === 'string' && (a.values.operation === 'read' || filled.has(`${scopeOf(ctx, a.evidence.file)}\u0000${a.values.clientUserId.toLowerCase()}`))) continue;
      const route = findRoute(routes, a);
      if (!route || reported.has(route) || !internetFacing(ctx, route) || route.tags?.includes('mount-unresolved')) continue;
      if (route.auth !== 'user' && route.auth !== 'none') continue;
      // A signed-in user in an admin area (`/admin/orders/:id`) manages everyone's records by design:
      // what is missing there is the role check (admin-route-without-admin-check), not ownership.
      if (route.auth === 'user' && route.tags?.includes('admin-path')) continue;
      // Called only with the deployment's own secret (a scheduler, an internal job): no user is
      // behind the call whose records could be told apart from another's.
      if (route.tags?.includes('deployment-secret')) continue;
      // An object-level ACL guard (a route guard or a global one whose level the route's permission
      // decorator sets) checked the caller's right to the record the path names.
      if (route.tags?.includes('object-level-authz') && pathParamOf(String(a.values.idSource)) !== undefined) continue;
      // The service the handler hands the caller's identity to scopes its query with it.
      if (scopedByService(a, scopes)) continue;
      // The service takes the caller from the request context itself and selects or checks with it.
      if (selfScoped(a, classes)) continue;
      // The caller went into the call: reported only where the data layer provably ignores it.
      const ignored = a.values.callerPassed === true && callerIgnored(a, classes);
      if (a.values.callerPassed === true && !ignored) continue;
      // A read named after a part of the record (`findOneStatistics(id)`): reported only where
      // the controller's other routes on the same id run a resource guard this one lacks.
      const guard = a.values.namedRead === true ? missingResourceGuard(route, routes.values()) : undefined;
      if (a.values.namedRead === true && (!guard || route.auth !== 'user')) continue;
      const model = String(a.values.model);
      // Without a login only records that hold a secret are reported (stored credentials, API keys,
      // used or rotated by whoever names their id): public records by id are the route's purpose.
      if (route.auth === 'none') {
        if (!SECRET_MODELS.test(model)) continue;
        reported.add(route);
        const op = String(a.values.operation);
        ctx.report({
          key: routeKey(route, 'bola'),
          evidence: [route.evidence, a.evidence],
          elements: elementsOf(ctx, route),
          data: { ...ANONYMOUS, route: routeLabel(route), idSource: String(a.values.idSource), api: String(a.values.api), operation: op, model, verb: op === 'read' ? 'use' : op === 'update' ? 'modify' : 'delete' },
          // Ids of such records are usually random UUIDs: known to an attacker only through a leak.
          confidence: 'medium',
        });
        continue;
      }
      // A schema without users (a single-user notes app behind one password): no other user's records.
      if (!ignored && singleUser(route.evidence.file)) continue;
      const known = models.get(normal(model)) ?? models.get(normal(model.replace(/(Model|Entity|Schema|Document)$/, '')));
      const op = String(a.values.operation);
      // A user id chosen by the client (`/allocations/:userId`) selects another user's data whatever the model.
      const userKeyed = USER_ID_SOURCE.test(String(a.values.idSource));
      // Who follows whom (`getFollowers(req.params.userId)`): another user's social graph is public
      // in a social network by design; reading it names no record of theirs worth protecting.
      if (userKeyed && op === 'read' && !ignored && SOCIAL_GRAPH.test(String(a.values.api).split('.').pop() ?? '')) continue;
      // Most actions of the handler's class check access to the record by its id first; this one does not.
      const sibling = typeof a.values.siblingCheck === 'string' ? a.values.siblingCheck : undefined;
      let confidence: Level = known ? 'high' : 'medium';
      if (ignored) {
        // Proven: the tenant handed to the data layer never reaches the query.
        confidence = 'high';
      } else if (sibling || guard) {
        confidence = 'medium';
      } else if (userKeyed) {
        // reported below
      } else if (known) {
        const verdict = judgeKnown(known, models, op, route, String(a.values.idSource), routes.values());
        if (!verdict) continue;
        confidence = verdict;
      } else if (op !== 'read' && AUTHORED_MODELS.test(model)) {
        // Changing or deleting what another user wrote (reviews, comments, posts) by its id.
      } else if (!PRIVATE_MODELS.test(model) || (op === 'read' && !/order|invoice|payment|card|address|message|document|wallet|transaction|statement|medical|prescription/i.test(model))) continue;
      reported.add(route);
      ctx.report({
        key: routeKey(route, 'bola'),
        evidence: [route.evidence, a.evidence],
        elements: elementsOf(ctx, route),
        data: { ...SIGNED_IN, route: routeLabel(route), idSource: String(a.values.idSource), api: String(a.values.api), operation: op, model, verb: op === 'read' ? 'read' : op === 'update' ? 'modify' : 'delete' },
        confidence,
        // Tags, labels, display names: another tenant's cosmetic data, not its records.
        ...(lowValue(`${model} ${String(a.values.api).split('.').pop()}`) ? { impact: 'low' as Level } : {}),
        // A part of another user's record (its statistics, its template), found by comparison only.
        ...(guard ? { likelihood: 'medium' as Level, impact: 'medium' as Level } : {}),
        ...(guard ? { remediation: `Run ${guard} on ${routeLabel(route)} as the controller's other routes on the same id do (\`@UseGuards(..., ${guard})\`), or load the record with the caller in the query, and refuse the request when it does not pass.` } : {}),
        ...(sibling && !ignored ? { remediation: `Call this.${sibling}(${String(a.values.idSource)}, …) before ${String(a.values.api)}, as the other actions of this controller do, and refuse the request when it does not pass.` } : {}),
        ...(ignored ? { remediation: `${String(a.values.api)} receives the caller's ${String(a.values.scopeArgs).includes(',') ? 'identity values' : 'identity'} but the query it reaches selects by ${String(a.values.idSource)} alone: add the organisation or owner column to that query's criteria (\`where: { id, orgId }\`) and return 404 when nothing matches.` } : {}),
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
      const ownership = known ? ownershipOf(known, models) : 'none';
      if (!known || ownership === 'none' || (ownership === 'authored' && (action === 'list' || action === 'read') && !PRIVATE_MODELS.test(known.name))) continue;
      reported.add(r);
      const op = action === 'list' || action === 'read' ? 'read' : action;
      ctx.report({
        key: routeKey(r, 'bola'),
        evidence: [r.evidence],
        elements: elementsOf(ctx, r),
        data: { ...SIGNED_IN, route: routeLabel(r), idSource: action === 'list' ? 'no owner filter' : 'the id in the path', api: `the generated ${action} endpoint`, operation: op, model: known.name, verb: op === 'read' ? 'read' : op === 'update' ? 'modify' : 'delete' },
        confidence: 'medium',
      });
    }
  },
});

/** Columns that tie a record to a user or a tenant. */
const USER_KEY = /^(user|users|userId|user_id|UserId|createdBy|created_by|creatorId|creator_id|author|authorId|author_id|accountId|account_id|tenantId|tenant_id|orgId|org_id|organizationId|organization_id|workspaceId|workspace_id|teamId|team_id|memberId|member_id|customerId|customer_id)$/i;
const USER_TABLE = /^(users?|accounts?|members?|customers?|profiles?|people|persons?|tenants?|organi[sz]ations?|workspaces?|teams?)$/i;

/**
 * A schema known well enough (several models) in which no model is a user, account or tenant and
 * no column ties a record to one: the application keeps no records apart by user.
 */
function noUserRecords(models: readonly DataModelFact[]): boolean {
  if (new Set(models.map((m) => normal(m.name))).size < 5) return false;
  return !models.some((m) => USER_TABLE.test(normal(m.name)) || USER_TABLE.test(m.name) || m.fields.some((f) => USER_KEY.test(f)));
}

/** Guards that decide who is logged in or what role they hold, not which record they may use. */
const CALLER_GUARD = /auth|jwt|session|login|role|admin|permission|polic|scope|throttl|rate|two.?factor|2fa|mfa|otp|optional|api.?key|public|csrf/i;

/**
 * A guard the route lacks that its siblings (routes of the same file) run only on routes that
 * take an id, a read among them (`@Get(':id') @UseGuards(TwoFactorGuard, ResumeGuard)` beside
 * `@Get(':id/statistics') @UseGuards(TwoFactorGuard)`): the controller's per-record access check.
 */
function missingResourceGuard(route: EntrypointFact, routes: Iterable<EntrypointFact>): string | undefined {
  const mates = [...routes].filter((r) => r !== route && r.evidence.file === route.evidence.file);
  const own = new Set(route.middleware ?? []);
  for (const g of new Set(mates.flatMap((r) => r.middleware ?? []))) {
    if (own.has(g) || CALLER_GUARD.test(g) || !/^[A-Z]\w*Guard$/.test(g)) continue;
    const carriers = mates.filter((r) => r.middleware?.includes(g));
    if (carriers.every((r) => r.tags?.includes('id-param')) && carriers.some((r) => r.method === 'GET')) return g;
  }
  return undefined;
}

/** Cosmetic data of a record (its tags, labels, colour, display name, picture): changing another tenant's is a nuisance, not a breach. */
const LOW_VALUE = /^(tags?|labels?|colou?rs?|nick_?names?|display_?names?|avatars?|pictures?|icons?|emojis?|themes?|notices?|notifications?)$/;

/** `_postsService editTag` → words `posts service edit tag`: is one of them cosmetic? */
function lowValue(names: string): boolean {
  const words = names.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/);
  return words.some((w, i) => LOW_VALUE.test(w) || (w === 'display' && words[i + 1] === 'name'));
}

/** Records that hold a secret of their owner: stored third-party credentials, API keys. */
const SECRET_MODELS = /credential|api_?key|secret/i;
const SIGNED_IN = { audience: 'authenticated', whom: 'the logged-in user', actorShort: 'any user', actor: 'authenticated user', prerequisites: 'with a valid account who can guess or enumerate record ids' };
const ANONYMOUS = { audience: 'unauthenticated', whom: 'any caller', actorShort: 'anyone', actor: 'anonymous internet user', prerequisites: 'who knows or obtains the id of a stored secret record' };

/** Content that belongs to whoever wrote it: only its author may change or delete it. */
const AUTHORED_MODELS = /review|comment|post|message|article|repl(?:y|ies)|answer|memo|note|thread|rating/i;
const USER_ID_SOURCE = /\.(user|owner|account|customer|member)_?id$/i;
/** Read methods of follow relations: `getFollowers`, `listFollowing`, `followees`, `countFollowers`. */
const SOCIAL_GRAPH = /^(get|list|find|fetch|count|load)?(followers|following|followings|followees|follows)(By\w*|Of\w*|For\w*|Count)?$/i;

/**
 * Whether an access to a record of a known model is a finding, and how sure: records of no user
 * are shared data; records that only carry their author are readable by others (unless private by
 * nature) and changeable only by the author, unless the application shows a shared workspace.
 */
function judgeKnown(model: DataModelFact, models: Map<string, DataModelFact>, op: string, route: EntrypointFact, idSource: string, routes: Iterable<EntrypointFact>): Level | undefined {
  const ownership = ownershipOf(model, models);
  if (ownership === 'none') return undefined;
  if (ownership === 'owned') return 'high';
  if (op === 'read') return PRIVATE_MODELS.test(model.name) ? 'high' : undefined;
  // A shared workspace: work items handed between users (an assignee column) whose other changes
  // the application reserves to a role (delete or assign need an admin or moderator). Both: by
  // design every user edits every item; one of them: still reported, with less confidence.
  const param = pathParamOf(idSource);
  const signals = Number(hasAssigneeColumn(model)) + Number(param !== undefined && roleGatedSiblings(route, param, routes).length > 0);
  return signals === 2 ? undefined : signals === 1 ? 'low' : 'high';
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
