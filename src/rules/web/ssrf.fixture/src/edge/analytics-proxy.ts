import { defineEventHandler, getRequestURL } from 'h3';

const API_URL = 'https://api.analytics.example';

// A same-origin proxy to a fixed host: the request's own path (a URL's pathname starts with '/')
// stays in the path after that host, so it cannot choose where the server connects.
export default defineEventHandler(async (event) => {
  const { pathname } = getRequestURL(event);
  // ok: ssrf
  const upstream = await fetch(`${API_URL}${pathname}`);
  return upstream.json();
});
