const fastify = require('fastify')();
const { RelationService, InboxService } = require('./services');

fastify.register(require('@fastify/jwt'), { secret: process.env.JWT_SECRET });
fastify.decorate('relationService', new RelationService());
fastify.decorate('inboxService', new InboxService());
fastify.register(require('./people'), { prefix: '/api/people' });
fastify.listen({ port: 3000 });
