import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import fp from 'fastify-plugin';

export function createStore() {
  return {
    async save(file: MultipartFile, dest: string) {
      await pipeline(file.file, fs.createWriteStream(dest));
    },
  };
}

export default fp(async (fastify) => {
  fastify.decorate('store', createStore());
});
