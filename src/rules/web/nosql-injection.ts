// NoSQL injection from request data: reports tainted `nosql` sink facts from the taint extractors.
import { at, reportTaintSinks, resultUseOf } from '../../extract/js/_lib/taint-report.js';
import type { Level, SinkFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { configs } from './_web-routes.js';

/** Lookups that only read: their harm is what the code does with the record they find. */
const READ_LOOKUP = /(?:^|\.)(?:find|findOne|findById|countDocuments|count|exists|distinct)$/;

/**
 * What an attacker gains from operator injection into a read, by what follows it. A record that
 * must still pass a password comparison gives account enumeration and password spraying against an
 * arbitrary match, not a login: likelihood low. A result reduced to yes or no (an "already exists"
 * check) only lets the attacker fail their own request: likelihood low and low confidence. A record
 * returned or used to authorise (a reset-token lookup), a write, or `$where` keep the rule's rating.
 */
function readOnlyUse(fact: SinkFact): ReturnType<typeof resultUseOf> {
  if (fact.api.includes('$where') || !READ_LOOKUP.test(fact.api) || credentialFilter(fact)) return undefined;
  return resultUseOf(fact);
}

/** The request value is the secret itself: `password`, `pass`, `pin`, `token`, `secret`, `apiKey`... */
const CREDENTIAL_FIELD = /^(?:pass|passwd|password|pwd|passcode|pin|otp|secret|token|\w*_token|\w*Token|api_?key|apiKey)$/;

/**
 * A filter whose credential field takes an operator (`{ password: { $ne: null } }`) matches any
 * record: the lookup is the login check itself, so "a record was found" grants access. An
 * existence test on such a lookup is an authentication bypass, not a yes-or-no probe.
 */
function credentialFilter(fact: SinkFact): boolean {
  const last = (fact.source ?? '').split('.').pop() ?? '';
  return resultUseOf(fact) !== 'password-checked' && CREDENTIAL_FIELD.test(last);
}

/** Reads that return many records: the filter picks which part of a listing the response shows. */
const LIST_READ = /(?:^|\.)(?:find|countDocuments|count|distinct)$/;
/** Filter fields that select by identity, owner, secret or visibility, where widening the match reveals more. */
const SELECTIVE_FIELD = /(?:^|_)id$|Id$|ids?$|key|code|token|secret|pass|hash|mail|user|owner|author|member|account|tenant|org|team|role|status|state|visib|private|public|publish|draft|deleted|hidden|approved|active/i;

/**
 * A listing filtered by a query-string value (`Topic.find({ tab: req.query.tab, deleted: false })`):
 * an operator there (`tab[$ne]=x`) widens the list the route already serves to whoever asks for
 * it, one filter value at a time. The field must be a category, not an identity, owner, secret or
 * visibility switch, whose widening would reveal records the route otherwise keeps apart.
 */
function listingFilter(fact: SinkFact): boolean {
  if (fact.api.includes('$where') || !LIST_READ.test(fact.api)) return false;
  const source = fact.source ?? '';
  const last = source.split('.').pop() ?? '';
  return /^[\w$]+(?:\.request)?\.query\.[\w$]+$/.test(source) && !SELECTIVE_FIELD.test(last) && !CREDENTIAL_FIELD.test(last);
}

/**
 * Hapi validates `request.payload` against the route's Joi schema before its pre methods and
 * handler run: a field declared `Joi.string()` (number, boolean, date) is a scalar there, so it
 * cannot carry `{ "$ne": ... }`. Only sinks inside the route object itself (inline pre methods and
 * handler) are judged, where the schema surely applies.
 */
function scalarPayloadField(ctx: RuleContext): (sink: SinkFact) => boolean {
  const schemas = configs(ctx, 'body-validation').filter((f) => f.values.library === 'joi' && f.values.scalarFields);
  if (schemas.length === 0) return () => false;
  return (sink) => {
    const field = /^[\w$]+\.payload\.([\w$]+)$/.exec(sink.source ?? '')?.[1];
    if (!field) return false;
    const { file, line } = sink.evidence;
    const covering = schemas.filter((f) => f.values.routeFile === file && Number(f.values.routeLine) <= line && Number(f.values.routeEndLine) >= line);
    return covering.length > 0 && covering.every((f) => String(f.values.scalarFields).split(',').includes(field));
  };
}

/**
 * Koa parses the query string with node's `querystring`: `ctx.query.name` is a string or an array
 * of strings, never `{ $ne: ... }` (`name[$ne]=x` is a key of its own). koa-qs swaps in `qs`,
 * which nests, so a repository depending on it keeps these findings. The whole `ctx.query` handed
 * over as a filter still takes `?$where=...` and stays reported.
 */
function koaQueryMember(ctx: RuleContext): (sink: SinkFact) => boolean {
  if (ctx.factsOf('dependency').some((d) => d.name === 'koa-qs')) return () => false;
  return (sink) => /^ctx(?:\.request)?\.query\.[\w$]+$/.test(sink.source ?? '');
}

export const rule = defineRule({
  meta: {
    id: 'nosql-injection',
    pack: 'web',
    title: 'NoSQL injection from request data',
    description:
      'A request value that can be an object (JSON body or parsed query string) is used as a MongoDB filter value or in a $where clause, so a client can send query operators such as $ne or $gt, or server-side JavaScript.',
    stride: ['S', 'T', 'I'],
    cwe: ['CWE-943'],
    capec: ['CAPEC-676'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'send query operators or JavaScript through {{source}} into the filter of {{api}}',
      threatImpact: 'bypassing login checks or reading records they should not see',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['database records', 'user accounts'],
    },
    mitigation: {
      title: 'Type-check request values before they reach a query',
      content:
        'Cast filter values to the expected scalar type (String(x), Number(x)) or validate them against a schema, strip keys starting with $ from request objects (express-mongo-sanitize, mongoose sanitizeFilter), and never use $where or mapReduce with request data.',
      controls: { cwe: ['CWE-943'], asvs: ['V5.3.4'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, convert {{source}} to the expected type, e.g. { name: String(name) }, or validate it with a schema before the query.',
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Injection_Prevention_Cheat_Sheet.html',
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection',
      'https://cwe.mitre.org/data/definitions/943.html',
    ],
  },
  check(ctx) {
    const scalar = scalarPayloadField(ctx);
    const flatQuery = koaQueryMember(ctx);
    reportTaintSinks(ctx, {
      kind: 'nosql',
      skip: (f) => scalar(f) || flatQuery(f),
      likelihood: (f): Level | undefined => (readOnlyUse(f) || listingFilter(f) ? 'low' : undefined),
      confidence: (f): Level | undefined => (readOnlyUse(f) === 'existence' ? 'low' : undefined),
      impact: (f): Level | undefined => (readOnlyUse(f) === 'existence' ? 'low' : readOnlyUse(f) === 'password-checked' || listingFilter(f) ? 'medium' : undefined),
      remediation: (f) =>
        f.api.includes('$where')
          ? `At ${at(f)}, remove the $where clause and express the condition with query operators ($gt, $eq...) on typed values instead of ${f.source}.`
          : `At ${at(f)}, convert ${f.source} to a scalar before ${f.api} (String(value) or Number(value)), or validate the body with a schema and enable mongoose sanitizeFilter.`,
    });
  },
});
