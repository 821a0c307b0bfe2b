// Browser-bundled variables and help text: no credential here.
export const search = {
  // ok: hardcoded-credentials
  apiKey: process.env.NEXT_PUBLIC_ALGOLIA_API_KEY || 'temp-key',
};

export function dbError() {
  // ok: hardcoded-credentials
  return new Error(`Format the connection string like "postgres://[username]:[password]@[host]:[port]/[db_name]"`);
}
