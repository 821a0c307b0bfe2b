import type { Extractor } from '../../types.js';
import { lockfileFacts, stripBom } from '../_lib/lockfile.js';
import { isBerry, readBerry, readClassic } from './parse.js';

export const extractor: Extractor = {
  id: 'deps/yarn-lock',
  title: 'yarn lockfiles (classic v1 and berry)',
  matches(path) {
    return (path === 'yarn.lock' || path.endsWith('/yarn.lock')) && !/(?:^|\/)node_modules\//.test(path);
  },
  extract(file, ctx) {
    const text = stripBom(file.content);
    const berry = isBerry(text);
    const read = berry ? readBerry(text) : readClassic(text);
    if (read.locked.size === 0 && !berry && !/^# yarn lockfile/m.test(text)) {
      // Not empty, yet no entry with a version: not a lockfile this reader understands.
      if (/^[^#\s]/m.test(text)) ctx.diagnostic({ level: 'warning', code: 'parse-error', message: 'yarn.lock has no readable entries' });
      return null;
    }
    return lockfileFacts(file.path, read.info, read.locked);
  },
};
