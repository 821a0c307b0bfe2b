import { Type } from '@sinclair/typebox';
import knex from 'knex';

const db = knex({ client: 'pg' });
const TaskBody = Type.Object({ name: Type.String(), done: Type.Boolean() });

export default async function (fastify) {
  fastify.post('/', { schema: { body: TaskBody } }, async (request, reply) => {
    // ok: mass-assignment
    const [id] = await db('tasks').insert(request.body);
    return reply.code(201).send({ id });
  });
}
