// LLM providers behind one interface. A provider turns one request (system text, user text, the
// JSON schema the answer must follow) into parsed JSON plus token usage, or throws ProviderError.

/** A JSON Schema object (the subset structured-output APIs accept). */
export type JsonSchema = { [key: string]: unknown };

export interface ChatRequest {
  system: string;
  user: string;
  /** Name of the answer's schema (OpenAI `json_schema.name`, Anthropic tool name). */
  schemaName: string;
  schema: JsonSchema;
  maxOutputTokens: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResult {
  /** The answer, parsed from JSON but not yet validated. */
  json: unknown;
  /** As reported by the provider; undefined when it reported none. */
  usage?: Usage;
}

export interface AiProvider {
  /** `openai` (any OpenAI-compatible server) or `anthropic`. */
  readonly kind: ProviderKind;
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}

export type ProviderKind = 'openai' | 'anthropic';

/** Why a call failed; every kind degrades to the deterministic model with a diagnostic. */
export type ProviderErrorKind = 'timeout' | 'rate-limit' | 'server' | 'auth' | 'bad-request' | 'network' | 'garbage';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ProviderSettings {
  kind: ProviderKind;
  model: string;
  /** Base URL (OpenAI-compatible: up to and including `/v1`; Anthropic: the host). */
  baseUrl?: string;
  /** Never logged; from the environment only. */
  apiKey?: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx, a timeout or a network error (default 2). */
  retries?: number;
  /** Delay before the first retry, doubled each time (default 500 ms; tests use 0). */
  retryDelayMs?: number;
  /** For tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
}
