import type { Extractor } from '../../types.js';
import { lockfileFacts, stripBom } from '../_lib/lockfile.js';
import { readPnpm } from './parse.js';

export const extractor: Extractor = {
  id: 'deps/pnpm-lock',
  title: 'pnpm lockfiles (pnpm-lock.yaml v5, v6, v9)',
  matches(path) {
    return (path === 'pnpm-lock.yaml' || path.endsWith('/pnpm-lock.yaml')) && !/(?:^|\/)node_modules\//.test(path);
  },
  signals: ['lockfileVersion'],
  extract(file, ctx) {
    const read = readPnpm(stripBom(file.content));
    if (!read.info.lockfileVersion) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: 'pnpm-lock.yaml without a lockfileVersion' });
      return null;
    }
    return lockfileFacts(file.path, read.info, read.locked);
  },
};
