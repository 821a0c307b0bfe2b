import path from 'node:path';
import fastifyStatic from '@fastify/static';

export const autoConfig = {
  root: path.join(import.meta.dirname, '..', 'media'),
  prefix: '/media',
};

export default fastifyStatic;
