import path from 'node:path';
import Fastify from 'fastify';
import autoload from '@fastify/autoload';

const app = Fastify();

// Every file under plugins/ (the rate limiter among them) is registered by the loader.
app.register(autoload, { dir: path.join(import.meta.dirname, 'plugins') });

// ok: missing-rate-limit-auth-routes
app.post('/login', async (request) => ({ user: request.body.email }));

app.listen({ port: 3000 });
