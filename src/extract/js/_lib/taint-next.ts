// File-based routes of Next.js: `pages/api/users/[id].ts` (default export handles every method)
// and `app/api/users/route.ts` (one export per HTTP method).

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** For a Next.js route file, the route of each exported handler; undefined for other files. */
export function nextRouteFor(path: string): ((exportName: string) => string | undefined) | undefined {
  const pages = /(?:^|\/)pages\/(api\/.+)\.(?:[cm]?[jt]sx?)$/.exec(path);
  if (pages) {
    const route = `/${pages[1].replace(/\/index$/, '')}`;
    return (name) => (name === 'default' ? `ALL ${route}` : undefined);
  }
  const app = /(?:^|\/)app\/(?:(.*)\/)?route\.(?:[cm]?[jt]s)$/.exec(path);
  if (app) {
    const segments = (app[1] ?? '').split('/').filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
    const route = `/${segments.join('/')}`;
    return (name) => (METHODS.has(name) ? `${name} ${route}` : undefined);
  }
  return undefined;
}
