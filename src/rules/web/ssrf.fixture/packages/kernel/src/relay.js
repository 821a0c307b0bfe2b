import axios from 'axios';

// The browser relay: sends the request the user composed, from the user's own browser.
export async function execute(request) {
  const config = { url: request.url, method: request.method, data: request.body };
  // ok: ssrf
  return axios(config);
}
