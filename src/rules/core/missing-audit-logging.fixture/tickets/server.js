// Fastify bundles pino: `logger: true` and request.log are the application's log.
const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/jwt'), { secret: process.env.JWT_SECRET });

async function requireAdmin(request, reply) {
  await request.jwtVerify();
  if (request.user.role !== 'admin') return reply.code(403).send();
}

// ok: missing-audit-logging
fastify.delete('/admin/tickets/:id', { preHandler: requireAdmin }, async (request, reply) => {
  request.log.info({ actor: request.user.sub, action: 'delete-ticket', target: request.params.id }, 'audit');
  return reply.code(204).send();
});

fastify.listen({ port: 4002 });
