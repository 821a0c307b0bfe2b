import helmet from '@fastify/helmet';

export const autoConfig = { global: true };

export default helmet;
