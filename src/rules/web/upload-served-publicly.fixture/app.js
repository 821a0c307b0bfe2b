const fs = require('node:fs');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const Fastify = require('fastify');
const fastifyStatic = require('@fastify/static');
const multipart = require('@fastify/multipart');
const AutoLoad = require('@fastify/autoload');

const app = Fastify();
app.register(multipart, { limits: { fileSize: 1024 * 1024 } });
app.register(AutoLoad, { dir: path.join(__dirname, 'plugins') });
app.register(fastifyStatic, { root: path.join(__dirname, 'public'), prefix: '/public/' });

app.post('/avatar', async (request, reply) => {
  const data = await request.file();
  // ruleid: upload-served-publicly
  await pipeline(data.file, fs.createWriteStream(path.join(__dirname, 'public', 'avatars', data.filename)));
  return { ok: true };
});

app.post('/contract', async (request, reply) => {
  const data = await request.file();
  // ok: upload-served-publicly
  await pipeline(data.file, fs.createWriteStream(path.join(__dirname, 'private', data.filename)));
  return { ok: true };
});

// Reports are served only to authenticated callers: the hook guards the whole context.
app.register(async function reports(instance) {
  instance.addHook('onRequest', async (request, reply) => {
    await request.jwtVerify();
  });
  instance.register(fastifyStatic, { root: path.join(__dirname, 'reports'), prefix: '/reports/', decorateReply: false });
  instance.post('/reports', async (request) => {
    const data = await request.file();
    // ok: upload-served-publicly
    await fs.promises.writeFile(path.join(__dirname, 'reports', data.filename), await data.toBuffer());
    return { ok: true };
  });
});

module.exports = app;
