// Choosing a provider and its key. Keys come from the environment only (never a flag, never a
// file), and are never printed: THREATCODE_AI_API_KEY first, then the provider's own variable.
import { UsageError } from '../../util/errors.js';
import type { AiProvider, ProviderKind, ProviderSettings } from '../types.js';
import { AnthropicProvider } from './anthropic.js';
import { OPENAI_DEFAULT_BASE_URL, OpenAiCompatibleProvider } from './openai.js';

/** Provider names accepted by `--ai`: the two APIs, plus local servers that speak OpenAI's. */
export const PROVIDER_NAMES = ['openai', 'anthropic', 'ollama', 'vllm', 'llamacpp'] as const;

const LOCAL_DEFAULTS: Record<string, string> = {
  ollama: 'http://127.0.0.1:11434/v1',
  vllm: 'http://127.0.0.1:8000/v1',
  llamacpp: 'http://127.0.0.1:8080/v1',
};

export interface ProviderChoice {
  kind: ProviderKind;
  baseUrl?: string;
  /** A key is needed (hosted APIs); local servers usually take none. */
  needsKey: boolean;
}

export function chooseProvider(name: string, baseUrl?: string): ProviderChoice {
  const lower = name.toLowerCase();
  if (lower === 'anthropic') return { kind: 'anthropic', ...(baseUrl ? { baseUrl } : {}), needsKey: !baseUrl };
  if (lower === 'openai') return { kind: 'openai', ...(baseUrl ? { baseUrl } : {}), needsKey: !baseUrl || baseUrl.replace(/\/+$/, '') === OPENAI_DEFAULT_BASE_URL };
  if (LOCAL_DEFAULTS[lower]) return { kind: 'openai', baseUrl: baseUrl ?? LOCAL_DEFAULTS[lower], needsKey: false };
  throw new UsageError(`unknown AI provider ${name} (choose from ${PROVIDER_NAMES.join(', ')})`);
}

/** The API key for a provider kind from the environment, if any. */
export function apiKeyFrom(env: NodeJS.ProcessEnv, kind: ProviderKind): string | undefined {
  const key = env.THREATCODE_AI_API_KEY || (kind === 'anthropic' ? env.ANTHROPIC_API_KEY : env.OPENAI_API_KEY);
  return key?.trim() || undefined;
}

export function checkBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--ai-base-url ${url} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UsageError('--ai-base-url must be http(s)');
  if (parsed.username || parsed.password) throw new UsageError('--ai-base-url must not carry credentials (keys come from the environment)');
  return url;
}

export function createProvider(settings: ProviderSettings): AiProvider {
  return settings.kind === 'anthropic' ? new AnthropicProvider(settings) : new OpenAiCompatibleProvider(settings);
}
