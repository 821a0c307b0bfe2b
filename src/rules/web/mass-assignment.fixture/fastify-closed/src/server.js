import Fastify from 'fastify';
import knex from 'knex';

const db = knex({ client: 'pg' });
const app = Fastify();

const closedNote = { type: 'object', properties: { title: { type: 'string' } }, additionalProperties: false };

app.post('/notes', { schema: { body: closedNote } }, async (request) => {
  // ok: mass-assignment
  return db('notes').insert(request.body);
});

// An open schema (default ajv options keep unknown properties): still mass assignment.
app.put('/notes/:id', { schema: { body: { type: 'object', properties: { title: { type: 'string' } } } } }, async (request) => {
  // ruleid: mass-assignment
  return db('notes').where({ id: request.params.id }).update(request.body);
});

app.listen({ port: 3001 });
