import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import type { DataModelFact, EntrypointFact, SinkFact } from '../../model/types.js';
import { checkFacts } from '../testing.js';
import { rule } from './mass-assignment.js';

const FIXTURE = new URL('./mass-assignment.fixture/privileged/', import.meta.url).pathname;

describe('mass-assignment: privileged fields of the model', () => {
  it('names the privileged fields and rates them above a model without any', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const at = (line: number) => threats.find((t) => t.evidence[0]?.line === line);
    const signup = at(26);
    const note = at(57);
    assert.ok(signup && note, 'both whole-body sinks are reported');
    assert.match(signup.grammar.threatAction, /isAdmin, credits/);
    assert.match(signup.remediation ?? '', /isAdmin/);
    assert.equal(signup.severity, 'critical');
    assert.ok(signup.score.likelihood > note.score.likelihood, `${signup.score.likelihood} vs ${note.score.likelihood}`);
  });

  it('reports a privileged key set from the request, once per sink, not on admin-only routes', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const explicit = threats.find((t) => t.evidence[0]?.line === 33);
    assert.ok(explicit, 'Member.create({ isAdmin: req.body.isAdmin }) is reported');
    assert.match(explicit.grammar.threatAction, /isAdmin/);
    assert.ok(['high', 'critical'].includes(explicit.severity));
    assert.equal(threats.filter((t) => t.evidence[0]?.line === 51).length, 0, 'admin-only route');
    assert.equal(new Set(threats.map((t) => t.evidence[0]?.line)).size, threats.length, 'one finding per sink line');
  });

  it('rates a model without privileged fields and an admin-only route low in impact; a data-layer helper is judged by the routes calling it', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const at = (file: string, line: number) => threats.find((t) => t.evidence[0]?.file.endsWith(file) && t.evidence[0]?.line === line);
    const note = at('app.js', 57);
    const adminUpdate = at('app.js', 82);
    assert.ok(note && adminUpdate, 'both whole-body sinks are still reported');
    assert.ok(['medium', 'low'].includes(note.severity), `Note has no owner, role or flag column: ${note.score.explanation}`);
    assert.ok(['medium', 'low'].includes(adminUpdate.severity), `behind requireAdmin: ${adminUpdate.score.explanation}`);
    assert.equal(at('queries.js', 6), undefined, 'isAdmin set by a helper only an admin-only route calls');
  });
});

/** A mass-assignment sink as js/taint emits it (hand-made). */
function sink(api: string, source: string, snippet: string, path: SinkFact['path'] = []): SinkFact {
  return { kind: 'sink', sink: 'mass-assignment', api, tainted: true, source, evidence: { file: 'src/team.service.ts', line: 9, snippet }, path, extractor: 'js/taint', key: `src/team.service.ts#${api}#${source}` };
}

function route(auth: EntrypointFact['auth'], line: number): EntrypointFact {
  return { kind: 'entrypoint', protocol: 'graphql', method: 'MUTATION', path: 'addMember', auth, evidence: { file: 'src/admin.resolver.ts', line }, extractor: 'js/nestjs', key: `route-${line}` } as EntrypointFact;
}

describe('mass-assignment: sinks that store nothing or take no privileged value', () => {
  it('a hash fed the body and the request query rebuilt are not writes', () => {
    assert.equal(checkFacts(rule, [sink('createHash().update', 'req.rawBody', "const hash = createHash('sha256').update(bodyData).digest('base64');")]).length, 0);
    assert.equal(checkFacts(rule, [sink('Object.assign', 'req.query', '  req.query = Object.assign(Object.fromEntries(url.searchParams), req.query);')]).length, 0);
    assert.equal(checkFacts(rule, [sink('Object.assign', 'req.body', '  Object.assign(user, req.body);')]).length, 1);
  });

  it('a privileged key tainted only through another harmless field is not reported; the key itself is', () => {
    assert.equal(checkFacts(rule, [sink('this.usersRepository.update role', '@Body() resetPasswordDto.password', 'return this.usersRepository.update(id, {')]).length, 0);
    assert.equal(checkFacts(rule, [sink('this.usersRepository.update role', '@Body() dto.newRole', 'return this.usersRepository.update(id, {')]).length, 1);
    assert.equal(checkFacts(rule, [sink('this.usersRepository.update role', 'req.body', 'return this.usersRepository.update(id, {')]).length, 1);
  });

  it('a privileged key of a handler without a named route: judged by the route declared just above its source', () => {
    const fromArgs = () => sink('this.prisma.teamMember.create role', '@Args() args.role', 'const teamMember = await this.prisma.teamMember.create({', [{ file: 'src/admin.resolver.ts', line: 19 }]);
    assert.equal(checkFacts(rule, [route('admin', 17), fromArgs()]).length, 0);
    assert.equal(checkFacts(rule, [route('user', 17), fromArgs()]).length, 1);
    assert.equal(checkFacts(rule, [route('admin', 3), fromArgs()]).length, 1, 'too far above: another handler');
  });
});

describe('mass-assignment: a model known by name only', () => {
  /** A model as js/data-models emits it for Bookshelf or Objection: a name, its columns unseen. */
  const model = (name: string, fields: string[], library: string): DataModelFact =>
    ({ kind: 'data-model', name, fields, library, classification: 'internal', categories: [], evidence: { file: `src/models/${name}.js`, line: 1 }, extractor: 'js/data-models', key: `${name}:${library}` }) as DataModelFact;
  const write = () => ({ ...sink('Account.query().insert', 'req.body', 'const account = await Account.query().insert(req.body);'), evidence: { file: 'src/accounts.js', line: 5, snippet: 'const account = await Account.query().insert(req.body);' } });

  it('keeps the rating of an unknown model: unseen columns may be privileged ones', () => {
    const unknown = checkFacts(rule, [write()]);
    const nameOnly = checkFacts(rule, [model('Account', [], 'objection'), write()]);
    assert.equal(nameOnly.length, 1);
    assert.equal(nameOnly[0].impact, unknown[0].impact);
    assert.equal(checkFacts(rule, [model('Account', ['name', 'email'], 'sequelize'), write()])[0].impact, 'low', 'known columns, none privileged');
    assert.equal(checkFacts(rule, [model('Account', [], 'objection'), model('Account', ['name', 'email'], 'sequelize'), write()])[0].impact, 'low', 'the model whose columns are known decides');
  });
});
