import axios from 'axios';

// React components and server code share this package (it also talks to Postgres): not browser-only.
export async function discover(request) {
  const config = { url: request.url };
  // ruleid: ssrf
  return axios(config);
}
