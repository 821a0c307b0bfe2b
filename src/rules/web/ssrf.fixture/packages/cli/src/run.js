import axios from 'axios';

// A command-line tool fetching the URL its own user gave it.
export async function runRequest(req) {
  // ok: ssrf
  return axios.get(req.body.url);
}
