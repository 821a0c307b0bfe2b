// POSTing JSON with a timeout and retries. Retried: 429, 5xx, timeouts and network errors (with
// exponential back-off, honouring a short Retry-After); not retried: other 4xx. The API key is
// only ever placed in a header: error messages carry the status and a short, redacted body.
import { redactText } from '../../util/secrets.js';
import { ProviderError } from '../types.js';
import type { ProviderSettings } from '../types.js';

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const MAX_RETRY_AFTER_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

/** The first 200 characters of an error body, secrets (and the key, should a server echo it) masked, on one line. */
function excerpt(body: string, key: string | undefined): string {
  const masked = key ? body.split(key).join('****') : body;
  return redactText(masked.replace(/\s+/g, ' ').trim().slice(0, 200));
}

async function readBody(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_RESPONSE_BYTES) throw new ProviderError('garbage', `response of ${length} bytes is larger than ${MAX_RESPONSE_BYTES}`);
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new ProviderError('garbage', `response larger than ${MAX_RESPONSE_BYTES} bytes`);
  return text;
}

function classify(status: number): ProviderError['kind'] {
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** One POST, retried as described above; returns the parsed JSON body. */
export async function postJson(url: string, headers: Record<string, string>, body: unknown, settings: ProviderSettings): Promise<unknown> {
  const doFetch = settings.fetch ?? fetch;
  const retries = settings.retries ?? 2;
  const timeoutMs = settings.timeoutMs ?? 60_000;
  let delay = settings.retryDelayMs ?? 500;
  let last: ProviderError | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      await sleep(delay);
      delay *= 2;
    }
    let response: Response;
    try {
      response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      last = name === 'TimeoutError' || name === 'AbortError' ? new ProviderError('timeout', `no answer within ${timeoutMs} ms`) : new ProviderError('network', `cannot reach ${new URL(url).origin}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    let text: string;
    try {
      text = await readBody(response);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      last = new ProviderError('timeout', `the answer did not complete within ${timeoutMs} ms`);
      continue;
    }
    if (!response.ok) {
      const kind = classify(response.status);
      last = new ProviderError(kind, `HTTP ${response.status} from ${new URL(url).origin}: ${excerpt(text, settings.apiKey)}`, response.status);
      if (kind !== 'rate-limit' && kind !== 'server') throw last;
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (wait !== undefined) delay = Math.max(delay, wait);
      continue;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderError('garbage', `the response is not JSON: ${excerpt(text, settings.apiKey)}`);
    }
  }
  throw last ?? new ProviderError('network', 'no attempt was made');
}
