const fastify = require('fastify')();

fastify.post('/api/signup', {
  schema: {
    body: {
      type: 'object',
      properties: {
        email: { type: 'string' },
        // ruleid: weak-password-policy
        password: { type: 'string', minLength: 4 },
      },
    },
  },
}, async (request) => ({ ok: !!request.body.email }));

fastify.listen({ port: 3002 });
