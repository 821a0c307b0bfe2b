// Module references: import specifiers normalised so sink tables can name one module for its
// aliases (`node:fs`, `fs/promises`, `fs-extra` are all `fs`), and qualified callee names built
// from them (`child_process.exec`, `lodash.merge`).
import { Table } from './taint-table.js';
import type { ModRef } from './taint-types.js';

const ALIASES = new Table<string>({
  'fs/promises': 'fs',
  'fs-extra': 'fs',
  'graceful-fs': 'fs',
  'mz/fs': 'fs',
  'lodash-es': 'lodash',
  underscore: 'lodash',
  'lodash.merge': 'lodash/merge',
  'lodash.mergewith': 'lodash/mergeWith',
  'lodash.defaultsdeep': 'lodash/defaultsDeep',
  'lodash.set': 'lodash/set',
  'lodash.setwith': 'lodash/setWith',
  'lodash.template': 'lodash/template',
  'lodash.escaperegexp': 'lodash/escapeRegExp',
  'lodash.escape': 'lodash/escape',
  'lodash.pick': 'lodash/pick',
  libxmljs2: 'libxmljs',
  'node-fetch': 'fetch',
  'cross-fetch': 'fetch',
  'isomorphic-fetch': 'fetch',
  'request-promise': 'request',
  'request-promise-native': 'request',
  jade: 'pug',
  'mysql2/promise': 'mysql',
  mysql2: 'mysql',
  'better-sqlite3': 'sqlite',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  'isomorphic-dompurify': 'dompurify',
  'child-process-promise': 'child_process',
  'hogan.js': 'hogan',
  'serialize-to-js': 'node-serialize',
  'js-yaml-js-types': 'js-yaml',
});

/** Splits a specifier into a normalised module and a member path (`lodash/merge` → lodash, merge). */
export function modRefOf(spec: string, member?: string): ModRef {
  let name = spec.startsWith('node:') ? spec.slice(5) : spec;
  name = ALIASES.get(name) ?? ALIASES.get(name.toLowerCase()) ?? name;
  const path: string[] = [];
  const slash = name.indexOf('/');
  if (!isLocalSpec(name) && slash > 0 && !name.startsWith('@') && (name.startsWith('lodash/') || name.startsWith('fs/'))) {
    path.push(name.slice(slash + 1));
    name = name.slice(0, slash);
  }
  if (member && member !== 'default') path.push(member);
  return { module: name, path };
}

/** A specifier that points into the repository rather than a package. */
export function isLocalSpec(spec: string): boolean {
  return (
    spec.startsWith('./') ||
    spec.startsWith('../') ||
    spec === '.' ||
    spec === '..' ||
    spec.startsWith('@/') ||
    spec.startsWith('~/') ||
    spec.startsWith('#') ||
    spec.startsWith('src/') ||
    // SvelteKit's `$lib` alias for `src/lib`.
    spec === '$lib' ||
    spec.startsWith('$lib/')
  );
}

export function memberRef(ref: ModRef, name: string): ModRef {
  // `fs.promises.readFile` is `fs.readFile` for our purposes.
  if (ref.module === 'fs' && name === 'promises' && ref.path.length === 0) return ref;
  // `(await import('pug')).default` is the module itself.
  if (name === 'default' && ref.path.length === 0 && !isLocalSpec(ref.module)) return ref;
  return { module: ref.module, path: [...ref.path, name], instance: ref.instance };
}

export function qualifiedName(ref: ModRef): string {
  return ref.path.length ? `${ref.module}.${ref.path.join('.')}` : ref.module;
}

/** Factory calls whose result is a client of the same module (`mysql.createPool()`). */
const FACTORY = /^(?:create\w*|connect|open|getConnection|getRepository|getManager|getClient|pool|client|default)$/;

export function instanceOf(ref: ModRef, viaNew: boolean): ModRef | undefined {
  const last = ref.path[ref.path.length - 1];
  // Repository classes keep their name: `new UserService()` then `.find()` is `UserService.find`.
  if (isLocalSpec(ref.module)) return viaNew ? { ...ref, instance: true } : undefined;
  // redbean-node's `R.dispense('table')` makes a row object (`bean`), whose `import` copies keys.
  if (ref.module === 'redbean-node' && last === 'dispense') return { module: ref.module, path: ['bean'], instance: true };
  if (viaNew || ref.path.length === 0 || (last !== undefined && FACTORY.test(last))) {
    return { module: ref.module, path: [], instance: true };
  }
  return undefined;
}
