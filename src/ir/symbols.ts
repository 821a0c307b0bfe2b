// Matching the functions an advisory names (`lodash.baseSet`, `yaml.constructor.FullConstructor`,
// Go `golang.org/x/net/http2.Server.ServeConn`) against the names a product uses from an import.
// Advisories often name an internal helper; a small curated table maps it to the public functions
// that reach it, so "is the vulnerable function called?" is answered for the code users write.

const PUBLIC_CALLERS: Record<string, string[]> = {
  // CVE-2020-8203: zipObjectDeep is the advisory's example; set/setWith/update go through baseSet.
  'lodash.baseSet': ['set', 'setWith', 'update', 'updateWith', 'zipObjectDeep'],
  // CVE-2021-44906: setKey is internal to the parse function, which is the module itself.
  'minimist.setKey': ['default'],
  // CVE-2020-14343: the constructors behind PyYAML's loaders (`yaml.load` defaults to FullLoader in 5.x).
  'yaml.constructor.FullConstructor': ['load', 'load_all', 'full_load', 'full_load_all', 'FullLoader'],
  'yaml.constructor.UnsafeConstructor': ['unsafe_load', 'unsafe_load_all', 'UnsafeLoader'],
};

/** The names a product could call for one advisory function. */
export function candidateNames(fn: string): string[] {
  const parts = fn.split(/[./]/).filter(Boolean);
  const last = parts[parts.length - 1] ?? fn;
  const names = new Set([last, ...(PUBLIC_CALLERS[fn] ?? [])]);
  // `yaml.constructor.FullConstructor` is reached as `constructor.FullConstructor` from a named import.
  if (parts.length >= 2) names.add(parts.slice(-2).join('.'));
  return [...names];
}

export interface SymbolMatch {
  /** Advisory functions the import calls or reads. */
  called: string[];
  /** The import escapes (passed around as a value): calls cannot be ruled out. */
  escapes: boolean;
}

/** Does an import (its module specifier and used names) touch any of the advisory functions? */
export function matchFunctions(functions: readonly string[], module: string, symbols: readonly string[]): SymbolMatch {
  const used = new Set(symbols);
  // `require('lodash/set')` and `import set from 'lodash.set'`-style subpath modules are the function.
  const sub = module.split('/').pop() ?? module;
  if (module.includes('/') && (used.has('default') || used.size === 0)) used.add(sub);
  const called = functions.filter((fn) => candidateNames(fn).some((name) => used.has(name)));
  return { called, escapes: used.has('*') };
}
