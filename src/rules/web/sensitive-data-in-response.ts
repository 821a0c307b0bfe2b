import type { DataModelFact, Level } from '../../model/types.js';
import { defineRule } from '../types.js';
import { normalModelName as normal } from './_record-ownership.js';
import { configs, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, routeOfHandler } from './_web-routes.js';

/** Columns that hold a credential: a password or its hash, a reset/refresh/API token, an OTP secret. */
const CREDENTIAL_FIELD = /^(password|passwd|pwd|passwordHash|password_hash|hashedPassword|hashed_password|passwordDigest|password_digest|hash|salt|token|resetToken|reset_token|resetPasswordToken|reset_password_token|refreshToken|refresh_token|apiKey|api_key|otpSecret|otp_secret|twoFactorSecret|two_factor_secret|totpSecret)$/i;
/** A password or its hash (not a token, which expires). */
const PASSWORD_FIELD = /^(password|passwd|pwd|passwordHash|password_hash|hashedPassword|hashed_password|passwordDigest|password_digest|hash)$/i;
/** Queries that return many records: everyone's, not the caller's own. */
const LIST_QUERY = /\.(findAll|find|findMany|findAndCountAll|all|list|select|where|aggregate)$/;
/** Frameworks whose handlers answer with what they return; an Express handler's return value is dropped. */
const RETURNS_BODY = new Set(['nestjs', 'fastify', 'hapi', 'hono']);

export const rule = defineRule({
  meta: {
    id: 'sensitive-data-in-response',
    pack: 'web',
    title: 'Sensitive data sent in the response of {{route}}',
    description: 'The handler of {{route}} ({{file}}:{{line}}) responds with {{what}}, so callers of the route receive {{exposed}}.',
    stride: ['I'],
    cwe: ['CWE-200', 'CWE-526', 'CWE-359'],
    capec: ['CAPEC-116'],
    attack: ['T1552', 'T1190'],
    owasp: ['API3:2023', 'A01:2021'],
    // Medium impact: the score adds restricted data and the route's exposure and authentication,
    // giving high for process.env on an open route and medium for the rest.
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'caller of the route',
      prerequisites: 'who can reach {{route}}',
      threatAction: 'read {{exposed}} from the response of {{route}}',
      threatImpact: 'disclosure of {{exposed}}, which helps take over accounts or the service',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['{{exposed}}'],
    },
    mitigation: {
      title: 'Send only the fields the client needs',
      content: 'Build response bodies from an explicit list of fields (a DTO or serializer), never from process.env or whole database records; hide credential columns in the model (Mongoose `select: false` or a toJSON transform, Sequelize defaultScope, class-transformer `@Exclude()`) and project them out in queries.',
      controls: { cwe: ['CWE-200'], asvs: ['V8.3.1', 'V14.3.3'], nist80053: ['AC-3', 'SC-28'] },
      remediation: 'In the handler of {{route}} respond with an explicit object of the needed fields instead of {{what}}; for records, exclude credential fields in the query (`.select(\'-password\')`, `attributes: { exclude: [\'password\'] }`, Prisma `omit`) or in the model.',
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/', 'https://cwe.mitre.org/data/definitions/526.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html'],
  },
  check(ctx) {
    const routes = httpRoutes(ctx);
    const models = new Map<string, DataModelFact>();
    // The first model of a name, unless it has no known fields and a later one has (a model by name only).
    for (const m of ctx.factsOf('data-model')) if (!models.has(normal(m.name)) || models.get(normal(m.name))!.fields.length === 0) models.set(normal(m.name), m);
    const hiding = configs(ctx, 'model-field-hiding');
    const hiddenEverywhere = hiding.some((h) => h.values.scope === 'global');
    const hidingFiles = new Set(hiding.map((h) => h.evidence.file));
    const reported = new Set<string>();
    const facts = configs(ctx, 'response-data').sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    for (const f of facts) {
      const route = routeOfHandler(routes, f);
      if (!route || !internetFacing(ctx, route)) continue;
      if (f.values.via === 'return' && !RETURNS_BODY.has(route.framework)) continue;
      if (f.values.content === 'process-env') {
        const key = routeKey(route, 'process-env');
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          key,
          evidence: [f.evidence, route.evidence],
          elements: elementsOf(ctx, route),
          data: { route: routeLabel(route), what: 'the whole process.env', exposed: 'the environment variables of the service (database passwords, signing keys, API tokens)' },
          cwe: ['CWE-200', 'CWE-526'],
          confidence: 'high',
        });
        continue;
      }
      if (hiddenEverywhere) continue;
      // Only a model whose fields are known and include a credential, and which shows no hiding:
      // the records read, else a model joined into each of them whole (`include: [UserModel]`).
      const candidates = [String(f.values.model ?? ''), ...String(f.values.included ?? '').split(',').filter(Boolean)];
      const credentialed = candidates.map((m) => models.get(normal(m))).find((m) => !!m && !hidingFiles.has(m.evidence.file) && m.fields.some((x) => CREDENTIAL_FIELD.test(x)));
      if (!credentialed) continue;
      const known = credentialed;
      const joined = normal(known.name) !== normal(String(f.values.model ?? ''));
      const fields = known.fields.filter((x) => CREDENTIAL_FIELD.test(x));
      const key = routeKey(route, `records:${known.name}`);
      if (reported.has(key)) continue;
      reported.add(key);
      // Hashes and tokens still need cracking or a window of validity: the score's auth factor
      // already ranks open routes higher.
      // Every account's password hash, to anyone short of an administrator, is offline cracking
      // of the whole user base: high (the open route's auth factor already adds likelihood).
      const everyHash = route.auth !== 'admin' && LIST_QUERY.test(String(f.values.api)) && fields.some((x) => PASSWORD_FIELD.test(x));
      const likelihood: Level = everyHash && route.auth !== 'none' ? 'medium' : 'low';
      ctx.report({
        key,
        evidence: [f.evidence, route.evidence, known.evidence],
        elements: elementsOf(ctx, route),
        data: { route: routeLabel(route), what: joined ? `${String(f.values.model)} records from ${String(f.values.api)} with the whole ${known.name} records joined in` : `whole ${known.name} records from ${String(f.values.api)}`, exposed: `the ${fields.join(', ')} field${fields.length > 1 ? 's' : ''} of ${known.name} records` },
        cwe: ['CWE-200', 'CWE-359'],
        likelihood,
        ...(everyHash ? { impact: 'high' as Level } : {}),
        confidence: 'medium',
      });
    }
  },
});
