import Fastify from 'fastify';
import tasks from './routes/tasks.js';

// ajv drops every property a schema does not declare before handlers run.
const app = Fastify({ ajv: { customOptions: { removeAdditional: 'all' } } });
app.register(tasks, { prefix: '/tasks' });
app.listen({ port: 3000 });
