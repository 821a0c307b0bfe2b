import path from 'node:path';
import Fastify from 'fastify';
import autoload from '@fastify/autoload';

// Plugins under src/plugins (helmet among them) are registered by the loader.
// ok: missing-security-headers
const app = Fastify({ logger: true });

app.register(autoload, { dir: path.join(import.meta.dirname, 'plugins') });

app.get('/tasks', async () => ({ tasks: [] }));

app.listen({ port: 3000 });
