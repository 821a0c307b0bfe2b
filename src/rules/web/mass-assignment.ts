// Mass assignment of the whole request body: reports tainted `mass-assignment` sink facts from the taint extractors.
import { at, reachedEntryPoints, reachedOnlyByAdmins, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { PRIVILEGED_KEY, splitServerSet } from '../../extract/js/_lib/taint-sinks.js';
import type { DataModelFact, EntrypointFact, Level, SinkFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { configs, elementsOf, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'mass-assignment',
    pack: 'web',
    title: 'Mass assignment of {{what}}',
    description:
      'The {{what}} is passed to a model create/update call or copied onto a model, so a client can set fields the form never offered, such as {{fields}}.',
    stride: ['T', 'E'],
    cwe: ['CWE-915'],
    capec: ['CAPEC-77'],
    attack: ['T1190'],
    owasp: ['API3:2023', 'A08:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'add fields such as {{fields}} to {{source}}, which {{api}} stores',
      threatImpact: 'raising their privileges or changing data they do not own',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'database records'],
    },
    mitigation: {
      title: 'Copy only allow-listed fields from requests',
      content:
        'Destructure or pick the fields a client may set (or validate with a DTO and whitelist: true, or a Joi or JSON schema that rejects unknown keys), and set sensitive fields such as role or owner on the server.',
      controls: { cwe: ['CWE-915'], asvs: ['V5.1.2'], nist80053: ['AC-3', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, pass only allowed fields to {{api}}, e.g. const { name, email } = req.body; Model.create({ name, email }).',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, pass only the fields a client may set to {{api}}: Model.objects.create(name=data['name'], email=data['email']), or validate with a serializer or form that lists its fields.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/915.html',
    ],
  },
  check(ctx) {
    const stripped = strippedBodySink(ctx);
    const joiChecked = validatedPayloadSink(ctx);
    const dtoChecked = whitelistedNestBody(ctx);
    const privileged = privilegedFieldsOf(ctx);
    const unprivilegedModel = (f: SinkFact) => {
      const model = explicitKey(f.api) ? undefined : knownModelOf(ctx, f);
      // A model known by name only (Bookshelf, Objection: columns live in the table) says nothing of its fields.
      return model !== undefined && model.fields.length > 0 && privileged(f).length === 0 && !model.fields.some((c) => OWNER_COLUMN.test(c) || TENANT_COLUMN.test(c));
    };
    const adminOnly = (f: SinkFact) => reachedOnlyByAdmins(ctx, f);
    const explicitSkipped = explicitFieldSkipped(ctx, serverSetFields(ctx));
    const filtered = fieldFiltered(ctx);
    // A debug switch that makes the client's cookie the session user is reported by
    // web/debug-login-bypass (the whole identity is chosen, not a few fields).
    const debugLogins = new Set(ctx.factsOf('config').filter((c) => c.setting === 'debug-identity').map((c) => `${c.evidence.file}:${c.evidence.line}`));
    const debugLogin = (sink: SinkFact) => debugLogins.has(`${sink.evidence.file}:${sink.evidence.line}`);
    // A single-page app's `Object.assign(item, message)` updates its own view state: no record a
    // client could widen is stored there (the server that stores it is judged on its own code).
    const inBrowserApp = (sink: SinkFact) => ctx.componentOf(sink.evidence.file)?.kind === 'frontend';
    const serverSet = serverSetFields(ctx);
    const skipped = (sink: SinkFact) => inBrowserApp(sink) || serverSet(sink) || stripped(sink) || joiChecked(sink) || dtoChecked(sink) || explicitSkipped(sink) || notStored(sink) || filtered(sink) || otherField(sink) || debugLogin(sink);
    const repeated = repeatedSink(ctx, skipped);
    reportTaintSinks(ctx, {
      kind: 'mass-assignment',
      skip: (sink) => skipped(sink) || repeated(sink),
      // A privileged field the client can set is a direct privilege escalation, not a maybe.
      likelihood: (f): Level | undefined => (privileged(f).length > 0 ? 'high' : undefined),
      // A record whose model has no owner, role, flag or secret column (a note's attribute): the
      // client sets bookkeeping fields at most. And behind an administrator check, the
      // administrator already decides every field: both low.
      impact: (f): Level | undefined => (unprivilegedModel(f) || adminOnly(f) ? 'low' : undefined),
      data: (f) => {
        const fields = privileged(f);
        const explicit = explicitKey(f.api);
        const what = explicit ? `the privileged field ${explicit.key} from the request` : 'the whole request body';
        return { what, fields: fields.length > 0 ? fields.slice(0, 4).join(', ') : 'role, isAdmin or owner', api: explicit ? explicit.api : splitServerSet(f.api).api };
      },
      remediation: (f) => {
        const fields = privileged(f);
        const api = splitServerSet(f.api).api;
        if (explicitKey(f.api)) return `At ${at(f)}, do not take ${fields.join(', ')} from ${f.source}: set it on the server (a default, or an admin-only endpoint that checks the caller's role).`;
        const also = fields.length > 0 ? ` The model has privileged fields (${fields.slice(0, 6).join(', ')}) a client must never set.` : '';
        return NEST_BODY_SOURCE.test(f.source ?? '')
          ? `Type ${f.source} with a DTO class and run app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) so undeclared properties never reach ${api} at ${at(f)}; a custom pipe must return the validated instance, not the raw value.${also}`
          : `At ${at(f)}, pass only the fields a client may set instead of ${f.source}: const { name, email } = body; ${api}({ name, email }) (or _.pick(body, ALLOWED)).${also}`;
      },
    });
    // Generated create/update endpoints (finale...) write every attribute of the model the body
    // names: privileged columns (role, owner id, tokens) included, unless a guard keeps others out.
    const models = new Map(ctx.factsOf('data-model').map((m) => [m.name.toLowerCase(), m]));
    // One finding per generator call (a loop over many models is one place to fix).
    const byGenerator = new Map<string, { route: EntrypointFact; models: Map<string, string[]> }>();
    for (const r of ctx.factsOf('entrypoint')) {
      const tags = r.tags ?? [];
      const action = tags.find((t) => t.startsWith('crud-action:'))?.slice('crud-action:'.length);
      if (!tags.includes('crud-generated') || (action !== 'create' && action !== 'update') || r.auth === 'admin' || tags.includes('deny-all')) continue;
      const name = (tags.find((t) => t.startsWith('crud-model:'))?.slice('crud-model:'.length) ?? '').replace(/Model$/, '');
      const model = models.get(name.toLowerCase());
      const sensitive = model?.fields.filter((f) => PRIVILEGED_FIELD.test(f)) ?? [];
      if (!model || sensitive.length === 0) continue;
      const at = r.handler ? `${r.handler.file}:${r.handler.line}` : `${r.evidence.file}:${r.evidence.line}`;
      const entry = byGenerator.get(at) ?? { route: r, models: new Map<string, string[]>() };
      entry.models.set(model.name, sensitive);
      byGenerator.set(at, entry);
    }
    for (const [at, { route: r, models: affected }] of byGenerator) {
      const list = [...affected].map(([m, fields]) => `${m} (${fields.slice(0, 3).join(', ')})`);
      ctx.report({
        key: `${at.replace(/:\d+$/, '')}#generated-mass-assignment#${[...affected.keys()].join(',')}`,
        evidence: r.handler ? [{ file: r.handler.file, line: r.handler.line }, r.evidence] : [r.evidence],
        elements: elementsOf(ctx, r),
        data: { what: 'every model attribute through generated endpoints', fields: [...new Set([...affected.values()].flat())].slice(0, 4).join(', '), route: `the generated create and update endpoints such as ${r.method ?? 'ANY'} ${r.path ?? '?'}`, source: `privileged attributes in the request body: ${list.slice(0, 4).join('; ')}`, api: 'the generated create and update endpoints' },
        remediation: `Restrict the attributes the generated endpoints accept (an attribute allow-list, or a milestone hook that strips ${[...new Set([...affected.values()].flat())].slice(0, 6).join(', ')}).`,
      });
    }
  },
});

/**
 * A sink on one privileged key set from request data (`User.create role`, `new User role`), see
 * taint-sinks.ts: the written api and the key, or undefined for a whole-object sink.
 */
function explicitKey(written: string): { api: string; key: string } | undefined {
  const api = splitServerSet(written).api;
  const prefix = api.startsWith('new ') ? 'new ' : '';
  const m = /^(\S+) ([A-Za-z_$][\w$]*)$/.exec(api.slice(prefix.length));
  return m ? { api: `${prefix}${m[1]}`, key: m[2] } : undefined;
}

/** Names of the model a sink writes: `new User`, `User.create`, `Object.assign(user, ...)`. */
function modelNamesOf(sink: SinkFact): string[] {
  const api = explicitKey(sink.api)?.api ?? splitServerSet(sink.api).api;
  if (/^(?:Object\.assign|lodash\.(?:assign|extend))$/.test(api)) {
    // The target variable as written on the sink line (`Object.assign(user, body)`).
    const target = /(?:assign|extend)\(\s*(?:this\.)?([A-Za-z_$][\w$]*)\s*,/.exec(sink.evidence.snippet ?? '')?.[1];
    return target ? [target] : [];
  }
  const parts = api.replace(/^new /, '').split('.');
  // `User.create`, `db.User.create`, `prisma.user.create`, `this.userRepository.save`.
  return parts.slice(0, -1).length > 0 ? parts.slice(0, -1).reverse() : parts;
}

/** Normalised model name: `userRepository`, `UserModel`, `users` and `User` are all `user`. */
function modelKey(name: string): string {
  return name.toLowerCase().replace(/(?:repository|repo|model|schema|collection|entity)$/, '').replace(/s$/, '');
}

/**
 * The privileged fields a mass-assignment sink can set: the key an explicit sink names, else the
 * privileged fields of the data model it writes (from js/data-models facts), empty when unknown.
 */
function privilegedFieldsOf(ctx: RuleContext): (sink: SinkFact) => string[] {
  return (sink) => {
    const explicit = explicitKey(sink.api);
    if (explicit && PRIVILEGED_KEY.test(explicit.key)) return [explicit.key];
    const model = knownModelOf(ctx, sink);
    return model ? model.fields.filter((f) => PRIVILEGED_KEY.test(f) || PRIVILEGED_FIELD.test(f)) : [];
  };
}

const modelsByKey = new WeakMap<readonly unknown[], Map<string, DataModelFact>>();

/**
 * The data model (js/data-models facts) a sink writes, when one is known by its name. A one-letter
 * class prefix is tried too (`new BAttribute` of table `attributes`, `IUser`).
 */
function knownModelOf(ctx: RuleContext, sink: SinkFact): DataModelFact | undefined {
  let models = modelsByKey.get(ctx.facts);
  if (!models) {
    models = new Map();
    // The first model of a name, unless it has no known fields and a later one has (a model by name only).
    for (const m of ctx.factsOf('data-model')) if (!models.has(modelKey(m.name)) || models.get(modelKey(m.name))!.fields.length === 0) models.set(modelKey(m.name), m);
    modelsByKey.set(ctx.facts, models);
  }
  for (const name of modelNamesOf(sink)) {
    const model = models.get(modelKey(name)) ?? (/^[A-Z][A-Z][a-z]/.test(name) ? models.get(modelKey(name.slice(1))) : undefined);
    if (model) return model;
  }
  return undefined;
}

/**
 * An explicit privileged key (`{ role: req.body.role }`) is how an admin endpoint is meant to work:
 * not a finding on admin-only routes. Nor where the same line already has a reported whole-object
 * sink (one finding per sink).
 */
function explicitFieldSkipped(ctx: RuleContext, serverSet: (sink: SinkFact) => boolean): (sink: SinkFact) => boolean {
  const wholeSites = new Set(
    ctx
      .factsOf('sink')
      // A whole-object sink whose privileged columns the code sets itself is not reported: the key stays.
      .filter((f) => f.sink === 'mass-assignment' && f.tainted && !explicitKey(f.api) && !serverSet(f))
      .map((f) => `${f.evidence.file}:${f.evidence.line}`),
  );
  const routes = new Map<string, EntrypointFact[]>();
  for (const r of ctx.factsOf('entrypoint')) {
    const name = `${r.method ?? ''} ${r.path ?? ''}`;
    routes.set(name, [...(routes.get(name) ?? []), r]);
  }
  const all = ctx.factsOf('entrypoint');
  return (sink) => {
    if (!explicitKey(sink.api)) return false;
    if (wholeSites.has(`${sink.evidence.file}:${sink.evidence.line}`)) return true;
    const served = routes.get(sink.route ?? '') ?? enclosingRoute(all, sink);
    if (served.length > 0) return served.every((r) => r.auth === 'admin' || (r.tags ?? []).includes('deny-all'));
    // A helper of the data layer (`create(params)` inserting `role: params.role`) called from a
    // handler: the routes of that handler.
    const reached = reachedEntryPoints(ctx, sink);
    return reached.length > 0 && reached.every((r) => r.auth === 'admin' || r.tags.includes('deny-all'));
  };
}

/**
 * The route whose handler declares the sink's source when the sink names none (`@Args() args` of a
 * Nest resolver method): the nearest registration above the source, a few lines up, in its file.
 */
function enclosingRoute(routes: readonly EntrypointFact[], sink: SinkFact): EntrypointFact[] {
  const source = sink.path?.[0];
  if (!source) return [];
  const above = routes.filter((r) => r.evidence.file === source.file && r.evidence.line <= source.line && source.line - r.evidence.line <= 12);
  const nearest = Math.max(...above.map((r) => r.evidence.line));
  return above.filter((r) => r.evidence.line === nearest);
}

/**
 * `SavedSearch.create({ ...body, team: teamId, createdBy: userId })`: keys the code sets after the
 * client's data override it (`!set(...)` on the sink's api, see taint-sinks.ts `serverSetSuffix`).
 * Not mass assignment when the written model is known and every one of its privileged, owner and
 * tenant columns is among them (and the code sets at least one such column: it scopes the record
 * itself). An unknown model, or one with a privileged column left to the client, stays reported.
 */
function serverSetFields(ctx: RuleContext): (sink: SinkFact) => boolean {
  return (sink) => {
    const { set } = splitServerSet(sink.api);
    if (set.length === 0 || explicitKey(sink.api)) return false;
    const model = knownModelOf(ctx, sink);
    if (!model || model.fields.length === 0) return false;
    const guarded = (c: string) => PRIVILEGED_KEY.test(c) || PRIVILEGED_FIELD.test(c) || OWNER_COLUMN.test(c) || TENANT_COLUMN.test(c);
    return model.fields.filter(guarded).every((c) => set.includes(c)) && set.some(guarded);
  };
}

/** Columns that put a record in a team or project a user belongs to (`team`, `projectId`). */
const TENANT_COLUMN = /^(team|teamId|team_id|project|projectId|project_id|company|companyId|company_id)$/i;

/** Columns that say whose record it is (`user`, `owner`, `tenantId`): setting one moves a record to another user. */
const OWNER_COLUMN = /^(user|users|owner|author|creator|createdBy|created_by|tenant|tenantId|tenant_id|org|orgId|org_id|organizationId|organization_id|account|accountId|account_id|workspaceId|workspace_id)$/i;

/** Columns a client must not set on its own records: roles and flags, owners, secrets and tokens. */
const PRIVILEGED_FIELD = /^(role|roles|isAdmin|is_admin|admin|permissions?|isActive|is_active|verified|isVerified|deluxeToken|totpSecret|[A-Z]?\w*(UserId|user_id|OwnerId|owner_id))$|^(UserId|userId|ownerId|OwnerId)$/;

/** Nest body parameters as the taint sources name them: `@Body() dto`, `@Body('user') user`, `@Body() dto.name`. */
const NEST_BODY_SOURCE = /^@(Body|Query|MessageBody)\((?:'[^'\n]*')?\) ([A-Za-z_$][\w$]*)(?:\.[\w$.]+)?$/;

/**
 * Sinks that store nothing: a hash or HMAC fed the body (`createHash('sha256').update(body)`), and
 * the request's own query or body rebuilt (`req.query = Object.assign(defaults, req.query)`).
 */
function notStored(sink: SinkFact): boolean {
  const line = sink.evidence.snippet ?? '';
  if (/\.update$/.test(sink.api) && (/create(?:Hash|Hmac)\(/.test(sink.api) || /create(?:Hash|Hmac)\([^)]*\)\s*\.update\(/.test(line))) return true;
  return /^\s*(?:req|request|ctx(?:\.request)?)\.(?:query|body|params)\s*=[^=]/.test(line);
}

/**
 * The body went through a helper of the application that strips fields before the write
 * (`Object.assign(entity, stripProtectedFields(body))`): `field-filter` facts name the functions
 * whose body deletes named fields from a copy, returns a rest without them, or copies listed keys.
 */
function fieldFiltered(ctx: RuleContext): (sink: SinkFact) => boolean {
  const names = [...new Set(configs(ctx, 'field-filter').map((f) => String(f.values.name)))];
  if (names.length === 0) return () => false;
  const call = new RegExp(`\\b(?:${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})\\s*\\(`);
  return (sink) => [sink.evidence, ...(sink.path ?? [])].some((e) => call.test(e.snippet ?? ''));
}

/**
 * A privileged key the sink names (`update role`) whose taint came from one other, harmless field
 * of the request (`@Body() dto.password`): the engine followed a loaded record stamped with that
 * field into a write that sets the key from the server. A field named like the key stays reported.
 */
function otherField(sink: SinkFact): boolean {
  const key = explicitKey(sink.api)?.key;
  const field = /\.([A-Za-z_$][\w$]*)$/.exec(sink.source ?? '')?.[1];
  if (!key || !field || /^(body|payload|query|params|data|input|dto|args)$/i.test(field)) return false;
  return !PRIVILEGED_KEY.test(field) && !PRIVILEGED_FIELD.test(field) && !field.toLowerCase().includes(key.toLowerCase());
}
const PRIMITIVE_TYPE = /^(?:string|number|boolean|bigint)$/;
const UNTYPED = /^(?:any|unknown|object|Object|Record|Partial|Array)$/;

/**
 * A Nest body parameter typed by a DTO class holds only the class's declared properties when a
 * ValidationPipe with `whitelist: true` (or `forbidNonWhitelisted: true`) runs for the route. A pipe
 * on the parameter is seen by the taint source; global pipes (`app.useGlobalPipes`, an APP_PIPE
 * provider) and `@UsePipes` are read from `body-validation` config facts (library class-validator)
 * when an extractor reports them, else Nest's own ValidationPipe imported in the component is taken
 * as one (precision first: its options are not visible in import facts). A custom pipe that returns
 * the raw value, or no pipe at all, leaves the DTO type a compile-time hint only.
 */
export function whitelistedNestBody(ctx: RuleContext): (sink: SinkFact) => boolean {
  const pipes = configs(ctx, 'body-validation').filter((f) => f.values.library === 'class-validator');
  const reported = new Set(pipes.map((f) => scopeOf(ctx, f.evidence.file)));
  const whitelisting = pipes.filter((f) => f.values.whitelist === true || f.values.forbidNonWhitelisted === true);
  const nestPipeImported = new Set(
    ctx
      .factsOf('import')
      .filter((f) => f.module === '@nestjs/common' && f.symbols?.includes('ValidationPipe'))
      .map((f) => scopeOf(ctx, f.evidence.file)),
  );
  const ownPipes = ownWhitelistingPipeScopes(ctx);
  return (sink) => {
    const m = NEST_BODY_SOURCE.exec(sink.source ?? '');
    if (!m) return false;
    const decl = parameterDeclaration(sink, m[1], m[2]);
    if (decl?.type !== undefined && PRIMITIVE_TYPE.test(decl.type)) return true;
    // Untyped (or `any`, `Record<...>`): no DTO class for a pipe to check the body against.
    if (decl && (decl.type === undefined || UNTYPED.test(decl.type))) return false;
    const file = decl?.file ?? sink.evidence.file;
    const scope = scopeOf(ctx, file);
    if (ownPipes.has(scope)) return true;
    if (reported.has(scope)) return whitelisting.some((f) => scopeOf(ctx, f.evidence.file) === scope && (f.values.scope === 'global' || f.evidence.file === file));
    return nestPipeImported.has(scope);
  };
}

/**
 * Components where a pipe class of the project that validates with `whitelist: true` and returns the
 * validated instance (js/nestjs `validation-pipe` facts, role definition) is registered for every
 * route (role global, by the class's name, in the same component).
 */
function ownWhitelistingPipeScopes(ctx: RuleContext): Set<string> {
  const facts = configs(ctx, 'validation-pipe');
  const defined = new Set(facts.filter((f) => f.values.role === 'definition' && f.values.whitelist === true).map((f) => `${scopeOf(ctx, f.evidence.file)}#${String(f.values.name)}`));
  const out = new Set<string>();
  for (const f of facts) {
    const scope = scopeOf(ctx, f.evidence.file);
    if (f.values.role === 'global' && defined.has(`${scope}#${String(f.values.name)}`)) out.add(scope);
  }
  return out;
}

/**
 * The parameter's declaration (`@Body('user') userData: UpdateUserDto`) among the taint path's
 * snippets: its file and declared type name (undefined when it has none). Undefined when no snippet
 * shows it (a long line is cut), and then the caller treats it as DTO-typed.
 */
function parameterDeclaration(sink: SinkFact, decorator: string, name: string): { file: string; type?: string } | undefined {
  const decl = new RegExp(`@${decorator}\\((?:[^()]|\\([^()]*\\))*\\)\\s*(?:readonly\\s+)?\\b${name.replace(/\$/g, '\\$')}\\b\\s*[?!]?\\s*(?::\\s*([\\w$.]+))?`);
  for (const e of [...(sink.path ?? []), sink.evidence]) {
    const hit = e.snippet ? decl.exec(e.snippet) : null;
    if (hit) return { file: e.file, type: hit[1] };
  }
  return undefined;
}

/**
 * `Object.assign(entity, dto)` then `repository.save(entity)`: one place to fix, reported at the
 * first sink. A sink whose taint path passes another mass-assignment sink of the same source is
 * left out.
 */
function repeatedSink(ctx: RuleContext, skipped: (sink: SinkFact) => boolean): (sink: SinkFact) => boolean {
  // Only sinks that are reported themselves: one left out (a hash of the body) hides no later write.
  const sites = new Set(ctx.factsOf('sink').filter((f) => f.sink === 'mass-assignment' && f.tainted && !skipped(f)).map((f) => `${f.evidence.file}:${f.evidence.line}#${f.source ?? ''}`));
  return (sink) => (sink.path ?? []).some((e) => sites.has(`${e.file}:${e.line}#${sink.source ?? ''}`));
}

/**
 * Fastify validates the body against the route's schema before the handler runs: with a closed
 * schema (`additionalProperties: false`) or ajv `removeAdditional: 'all'` in the component, the body
 * the handler sees holds only declared properties, so it is not a mass-assignment source.
 */
function strippedBodySink(ctx: RuleContext): (sink: SinkFact) => boolean {
  const stripAll = new Set(configs(ctx, 'body-validation').filter((f) => f.values.removeAdditional === 'all').map((f) => scopeOf(ctx, f.evidence.file)));
  const schemaRoutes = ctx.factsOf('entrypoint').filter((r) => r.tags?.includes('body-schema'));
  return (sink) => {
    if (!/\bbody\b/.test(sink.source ?? '')) return false;
    // The innermost route registration around the sink line.
    const route = schemaRoutes
      .filter((r) => r.evidence.file === sink.evidence.file && r.evidence.line <= sink.evidence.line && (r.evidence.endLine ?? r.evidence.line) >= sink.evidence.line)
      .sort((a, b) => b.evidence.line - a.evidence.line)[0];
    if (!route) return false;
    return route.tags?.includes('body-schema-closed') === true || stripAll.has(scopeOf(ctx, route.evidence.file));
  };
}

/**
 * Hapi validates `request.payload` against the route's Joi schema (`options.validate.payload`)
 * before the handler runs, and a Joi object rejects undeclared keys by default: the payload holds
 * only the schema's keys. Read from `body-validation` facts (library joi) that carry the handler's
 * range. Not a finding when every route served by that handler has such a schema that neither
 * allows unknown keys nor declares a privileged field itself (role, isAdmin, an owner id...).
 */
function validatedPayloadSink(ctx: RuleContext): (sink: SinkFact) => boolean {
  const schemas = configs(ctx, 'body-validation').filter((f) => f.values.library === 'joi' && typeof f.values.handlerFile === 'string');
  if (schemas.length === 0) return () => false;
  const routes = ctx.factsOf('entrypoint');
  return (sink) => {
    if (!/\bpayload\b/.test(sink.source ?? '')) return false;
    const covering = schemas.filter((f) => f.values.handlerFile === sink.evidence.file && Number(f.values.handlerLine) <= sink.evidence.line && Number(f.values.handlerEndLine) >= sink.evidence.line);
    if (covering.length === 0) return false;
    const handlerLine = Math.max(...covering.map((f) => Number(f.values.handlerLine)));
    const inner = covering.filter((f) => Number(f.values.handlerLine) === handlerLine);
    if (inner.some((f) => f.values.unknownAllowed !== false || String(f.values.fields ?? '').split(',').some((k) => PRIVILEGED_FIELD.test(k)))) return false;
    // Every route whose handler this is must validate its payload.
    const served = routes.filter((r) => r.handler?.file === sink.evidence.file && r.handler.line === handlerLine);
    return served.every((r) => inner.some((f) => f.values.routeFile === r.evidence.file && f.values.routeLine === r.evidence.line && f.values.routeMethod === r.method));
  };
}
