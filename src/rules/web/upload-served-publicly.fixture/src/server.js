const fs = require('node:fs');
const path = require('node:path');
const Fastify = require('fastify');

const server = Fastify();
server.register(require('@fastify/multipart'));
server.register(require('@fastify/static'), { root: path.join(process.cwd(), 'files'), prefix: '/files/' });

server.post('/files', async (request) => {
  for await (const part of request.files()) {
    // ruleid: upload-served-publicly
    part.file.pipe(fs.createWriteStream(path.join('files', part.filename)));
  }
  return { ok: true };
});

module.exports = server;
