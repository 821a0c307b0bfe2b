import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createStore } from './file-store.js';

const mediaDir = path.join(import.meta.dirname, '..', 'media', 'gallery');
const archiveDir = path.join(import.meta.dirname, '..', 'archive');
const store = createStore();

export default async function gallery(fastify: FastifyInstance) {
  fastify.post('/gallery', async (request) => {
    for await (const part of request.files()) {
      // ruleid: upload-served-publicly
      await store.save(part, path.join(mediaDir, part.filename));
      // ok: upload-served-publicly
      await store.save(part, path.join(archiveDir, part.filename));
    }
    return { ok: true };
  });
}
