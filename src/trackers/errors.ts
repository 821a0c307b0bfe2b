// Tracker failures as errors a person can act on. Both client libraries throw errors that carry the
// request (jira.js keeps the whole axios config, including the Authorization header, as `cause`), so
// nothing of theirs is ever printed: only the status, the server's own message, and a hint.
import { InputError } from '../util/errors.js';

export type TrackerErrorKind = 'auth' | 'permission' | 'not-found' | 'gone' | 'invalid' | 'rate-limit' | 'server' | 'network' | 'config';

export class TrackerError extends InputError {
  override name = 'TrackerError';
  constructor(
    readonly kind: TrackerErrorKind,
    target: string,
    message: string,
    readonly status?: number,
  ) {
    super(target, message);
  }

  /** Failures that would repeat for every other call: stop the run instead of trying each action. */
  get fatal(): boolean {
    return this.kind === 'auth' || this.kind === 'permission' || this.kind === 'rate-limit' || this.kind === 'network' || this.kind === 'config';
  }
}

/** What is known about a failed HTTP call, whichever library made it. */
export interface HttpFailure {
  /** Undefined when no response came back. */
  status?: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  data: unknown;
  /** For failures without a response: ECONNREFUSED, ECONNRESET, `fetch failed`... */
  network?: string;
  /** The request certainly never reached the server (connection refused). */
  notSent?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function lowerHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(headers)) return out;
  // axios' AxiosHeaders and Octokit's plain object both enumerate as own properties.
  const source = typeof headers.toJSON === 'function' ? (headers.toJSON as () => unknown)() : headers;
  if (!isRecord(source)) return out;
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; isRecord(e) && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** Normalises an Octokit RequestError, a jira.js HttpException or an axios error. */
export function failureOf(error: unknown): HttpFailure | undefined {
  if (!isRecord(error)) return undefined;
  // jira.js: HttpException whose cause is the AxiosError with the response.
  const cause = isRecord(error.cause) ? error.cause : undefined;
  const axiosResponse = cause && isRecord(cause.response) ? cause.response : isRecord(error.response) && typeof error.response.status === 'number' && 'headers' in error.response ? error.response : undefined;
  if (axiosResponse && typeof axiosResponse.status === 'number') {
    return { status: axiosResponse.status, headers: lowerHeaders(axiosResponse.headers), data: axiosResponse.data };
  }
  const code = networkCode(error);
  // Octokit wraps fetch failures as status 500 without a response.
  if (code || (error.name === 'HttpError' && !('response' in error && error.response)) || error.isAxiosError === true) {
    return { headers: {}, data: undefined, network: code ?? (typeof error.message === 'string' ? error.message : 'no response'), notSent: code === 'ECONNREFUSED' };
  }
  if (typeof error.status === 'number') return { status: error.status, headers: {}, data: undefined };
  return undefined;
}

/** The server's own words from a Jira ErrorCollection or a GitHub error body, short. */
export function serverMessage(data: unknown): string {
  if (typeof data === 'string') return data.trim().slice(0, 300);
  if (!isRecord(data)) return '';
  const parts: string[] = [];
  if (Array.isArray(data.errorMessages)) parts.push(...data.errorMessages.filter((m): m is string => typeof m === 'string'));
  if (isRecord(data.errors)) for (const [field, message] of Object.entries(data.errors)) if (typeof message === 'string') parts.push(`${field}: ${message}`);
  if (typeof data.message === 'string') parts.push(data.message);
  if (Array.isArray(data.errors))
    for (const e of data.errors) {
      if (!isRecord(e)) continue;
      const what = [e.field, e.code, e.message].filter((x): x is string => typeof x === 'string');
      if (what.length) parts.push(what.join(' '));
    }
  return parts.join('; ').slice(0, 500);
}
