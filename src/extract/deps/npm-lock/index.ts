import type { Extractor } from '../../types.js';
import { messageOf } from '../../../util/errors.js';
import { lockfileFacts, stripBom } from '../_lib/lockfile.js';
import { type NpmLockfile, readNpmLockfile } from './parse.js';

const LOCKFILE_NAMES = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

export const extractor: Extractor = {
  id: 'deps/npm-lock',
  title: 'npm lockfiles (package-lock.json, npm-shrinkwrap.json v1–v3)',
  matches(path) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return LOCKFILE_NAMES.has(name) && !/(?:^|\/)node_modules\//.test(path);
  },
  signals: ['lockfileVersion', '"dependencies"', '"packages"'],
  extract(file, ctx) {
    let lock: unknown;
    try {
      lock = ctx.parse('json', () => JSON.parse(stripBom(file.content)) as unknown);
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `not valid JSON: ${messageOf(error)}` });
      return null;
    }
    if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: 'an npm lockfile must be a JSON object' });
      return null;
    }
    const read = readNpmLockfile(file.content, lock as NpmLockfile);
    if (!read) return null;
    return lockfileFacts(file.path, read.info, read.locked);
  },
};
