// Anthropic Messages: structured output as a forced tool call (`tool_choice: {type: "tool"}`),
// whose `input` is the answer object, temperature 0.
import { ProviderError } from '../types.js';
import type { AiProvider, ChatRequest, ChatResult, ProviderSettings } from '../types.js';
import { postJson } from './http.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
const ANTHROPIC_VERSION = '2023-06-01';

interface MessagesAnswer {
  content?: { type?: unknown; name?: unknown; input?: unknown }[];
  stop_reason?: unknown;
  usage?: { input_tokens?: unknown; output_tokens?: unknown };
}

export class AnthropicProvider implements AiProvider {
  readonly kind = 'anthropic' as const;
  readonly model: string;

  constructor(private readonly settings: ProviderSettings) {
    this.model = settings.model;
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const base = (this.settings.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '').replace(/\/v1$/, '');
    const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION, ...(this.settings.apiKey ? { 'x-api-key': this.settings.apiKey } : {}) };
    const body = {
      model: this.model,
      max_tokens: request.maxOutputTokens,
      temperature: 0,
      system: request.system,
      messages: [{ role: 'user', content: request.user }],
      tools: [{ name: request.schemaName, description: 'Record the answer. Call this exactly once with the complete answer.', input_schema: request.schema }],
      tool_choice: { type: 'tool', name: request.schemaName },
    };
    const answer = (await postJson(`${base}/v1/messages`, headers, body, this.settings)) as MessagesAnswer | null;
    if (answer?.stop_reason === 'max_tokens') throw new ProviderError('garbage', 'the answer was cut off at the output token limit');
    const call = answer?.content?.find((block) => block?.type === 'tool_use' && block.name === request.schemaName);
    if (!call || call.input === undefined || call.input === null || typeof call.input !== 'object') throw new ProviderError('garbage', `the answer has no ${request.schemaName} tool call`);
    const usage = answer?.usage;
    return {
      json: call.input,
      ...(typeof usage?.input_tokens === 'number' && typeof usage.output_tokens === 'number' ? { usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } } : {}),
    };
  }
}
