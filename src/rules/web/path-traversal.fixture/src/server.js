const fastify = require('fastify')({ logger: true });
const fs = require('fs/promises');
const path = require('path');

const UPLOADS = path.join(__dirname, '..', 'uploads');

fastify.get('/files/:name', async (request, reply) => {
  // ruleid: path-traversal
  const data = await fs.readFile(path.join(UPLOADS, request.params.name));
  return reply.type('application/octet-stream').send(data);
});

fastify.get('/files/v2/:name', async (request, reply) => {
  // ok: path-traversal
  const data = await fs.readFile(path.join(UPLOADS, path.basename(request.params.name)));
  return reply.send(data);
});

fastify.delete('/files', async (request) => {
  const target = path.resolve(UPLOADS, request.query.file);
  if (!target.startsWith(UPLOADS + path.sep)) {
    throw new Error('outside uploads');
  }
  // ok: path-traversal
  await fs.unlink(target);
  return { deleted: true };
});

fastify.post('/notes', async (request) => {
  const { title, text } = request.body;
  // ruleid: path-traversal
  await fs.writeFile(`${UPLOADS}/notes/${title}.txt`, text);
  return { saved: true };
});

fastify.get('/readme', async () => {
  // ok: path-traversal
  return fs.readFile(path.join(__dirname, 'README.md'), 'utf8');
});

module.exports = fastify;
