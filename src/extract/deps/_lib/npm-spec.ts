// npm dependency specifiers: what a manifest or lockfile key says about the package it installs.

/** Protocols that point into the repository itself: the project's own code, not a third party. */
const LOCAL_PROTOCOLS = ['workspace:', 'link:', 'file:', 'portal:'];

export function isLocalSpec(range: string): boolean {
  return LOCAL_PROTOCOLS.some((p) => range.startsWith(p)) || range.startsWith('./') || range.startsWith('../');
}

/** `name@range` → name and range; scoped names keep their `@`. Undefined when there is no `@`. */
export function splitNameRange(spec: string): { name: string; range: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

/**
 * The package a declared dependency really installs: `"alias": "npm:real@^1"` installs `real`
 * with range `^1`. Everything else installs the declared name.
 */
export function resolveAlias(declaredName: string, range: string): { name: string; range: string } {
  if (range.startsWith('npm:')) {
    const target = splitNameRange(range.slice(4));
    if (target) return target;
    // `npm:real` without a range: any version.
    return { name: range.slice(4), range: '*' };
  }
  return { name: declaredName, range };
}
