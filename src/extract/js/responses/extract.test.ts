import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function responses(content: string, setting = 'response-data'): ConfigFact[] {
  return runExtractor(extractor, { 'src/api.ts': content }).facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === setting);
}

function summary(facts: ConfigFact[]): string[] {
  return facts.map((f) => `${String(f.values.content)}:${String(f.values.via)}:${String(f.values.model ?? '')}:${f.evidence.line}`);
}

describe('extract/js/responses', () => {
  it('sees process.env sent whole, not single variables', () => {
    const facts = responses(`router.get('/a', (ctx) => {
  ctx.body = { env: process.env };
});
router.get('/b', (ctx) => {
  ctx.body = { version: process.env.VERSION };
});
app.get('/c', (req, res) => res.send(JSON.stringify({ ...process.env })));
class StatusController {
  @Get('env')
  env() {
    return process.env;
  }
}
`);
    assert.deepEqual(summary(facts), ['process-env:send::7', 'process-env:body::2', 'process-env:return::11']);
    assert.ok(String(facts[2].values.handlerLines).split(',').includes('10'));
  });

  it('follows whole records into the response unless the query picks columns', () => {
    const facts = responses(`export const list = async (req, res) => {
  const people = await Person.find({}).lean();
  res.json({ people });
};
export const trimmed = async (req, res) => {
  const people = await Person.find({}, 'name email');
  res.json(people);
};
export const picked = async (req, res) => {
  res.json(await prisma.person.findMany({ select: { id: true } }));
};
export const whole = async (req, res) => {
  res.json(await prisma.person.findMany());
};
export class PeopleService {
  async all() {
    return this.personRepository.find();
  }
}
`);
    assert.deepEqual(summary(facts), ['records:send:Person:3', 'records:send:person:13', 'records:return:person:17']);
  });

  it('reports field hiding per file and repository-wide', () => {
    const local = responses(`const s = new mongoose.Schema({ password: { type: String, select: false } });`, 'model-field-hiding');
    assert.deepEqual(local.map((f) => f.values.scope), ['file']);
    const global = responses(`mongoose.plugin(hidePrivate);`, 'model-field-hiding');
    assert.deepEqual(global.map((f) => f.values.scope), ['global', 'file']);
    assert.deepEqual(responses(`const s = new mongoose.Schema({ password: String });`, 'model-field-hiding'), []);
  });
});
