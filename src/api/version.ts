import { createRequire } from 'node:module';

// package.json sits two levels up from both src/api and dist/api.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export const VERSION: string = pkg.version;
