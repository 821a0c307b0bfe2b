// Retries with exponential backoff for 429 and 5xx, honouring Retry-After (seconds or an HTTP date)
// and GitHub's x-ratelimit-reset. The clock and the sleep are injected so tests never wait for real
// seconds. Requests that create something (POST) are retried on 5xx only by the caller, after it has
// checked that the first attempt did not go through (see sync.ts): a blind retry could duplicate.
import { failureOf, type HttpFailure } from './errors.js';

export interface RetryPolicy {
  /** Attempts after the first (default 4). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest wait a server may ask for before the run gives up (default 120 s). */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** 0..1, for jitter; tests pass a constant. */
  random: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export interface ClientOptions {
  retry?: Partial<RetryPolicy>;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  status?: number;
  reason: string;
}

export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    retries: 4,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxWaitMs: 120_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: Math.random,
    ...overrides,
  };
}

/** Thrown when the server asks for a longer pause than the policy allows. */
export class RetryTooLongError extends Error {
  override name = 'RetryTooLongError';
  constructor(
    readonly waitMs: number,
    readonly failure: HttpFailure,
  ) {
    super(`the server asks to wait ${Math.ceil(waitMs / 1000)} s`);
  }
}

export function isRateLimited(failure: HttpFailure): boolean {
  if (failure.status === 429) return true;
  return failure.status === 403 && (failure.headers['x-ratelimit-remaining'] === '0' || failure.headers['retry-after'] !== undefined);
}

/** Milliseconds the server asked for, when it did. */
export function serverWaitMs(failure: HttpFailure, now: number): number | undefined {
  const retryAfter = failure.headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (failure.headers['x-ratelimit-remaining'] === '0' && failure.headers['x-ratelimit-reset']) {
    const reset = Number(failure.headers['x-ratelimit-reset']) * 1000;
    if (Number.isFinite(reset)) return Math.max(0, reset - now);
  }
  return undefined;
}

/** Whether a failure is worth another attempt. `idempotent`: repeating the request cannot duplicate anything. */
export function isRetryable(failure: HttpFailure, idempotent: boolean): boolean {
  if (isRateLimited(failure)) return true;
  if (failure.status === undefined) return failure.notSent === true || idempotent;
  return idempotent && failure.status >= 500 && failure.status !== 501;
}

export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy, options: { idempotent: boolean }): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const failure = failureOf(error);
      if (!failure || attempt >= policy.retries || !isRetryable(failure, options.idempotent)) throw error;
      const asked = serverWaitMs(failure, policy.now());
      if (asked !== undefined && asked > policy.maxWaitMs) throw new RetryTooLongError(asked, failure);
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt) * (0.5 + policy.random() / 2);
      const delayMs = Math.round(asked ?? backoff);
      policy.onRetry?.({ attempt: attempt + 1, delayMs, ...(failure.status !== undefined ? { status: failure.status } : {}), reason: failure.network ?? `HTTP ${failure.status}` });
      await policy.sleep(delayMs);
    }
  }
}
