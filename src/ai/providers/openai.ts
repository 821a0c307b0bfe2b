// OpenAI-compatible Chat Completions (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio...):
// structured output through `response_format: json_schema` (strict), temperature 0.
import { ProviderError } from '../types.js';
import type { AiProvider, ChatRequest, ChatResult, ProviderSettings } from '../types.js';
import { postJson } from './http.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

interface ChatCompletion {
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

/** Some local servers wrap JSON in a Markdown fence even in JSON mode. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced ? fenced[1] : text;
}

export class OpenAiCompatibleProvider implements AiProvider {
  readonly kind = 'openai' as const;
  readonly model: string;

  constructor(private readonly settings: ProviderSettings) {
    this.model = settings.model;
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const base = (this.settings.baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
    const headers: Record<string, string> = this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {};
    const body = {
      model: this.model,
      temperature: 0,
      max_tokens: request.maxOutputTokens,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      response_format: { type: 'json_schema', json_schema: { name: request.schemaName, strict: true, schema: request.schema } },
    };
    const answer = (await postJson(`${base}/chat/completions`, headers, body, this.settings)) as ChatCompletion | null;
    const choice = answer?.choices?.[0];
    const content = choice?.message?.content;
    if (typeof choice?.message?.refusal === 'string' && choice.message.refusal) throw new ProviderError('garbage', `the model refused: ${choice.message.refusal.slice(0, 200)}`);
    if (typeof content !== 'string') throw new ProviderError('garbage', 'the answer has no choices[0].message.content');
    if (choice?.finish_reason === 'length') throw new ProviderError('garbage', 'the answer was cut off at the output token limit');
    let json: unknown;
    try {
      json = JSON.parse(unfence(content));
    } catch {
      throw new ProviderError('garbage', `the answer is not JSON: ${content.slice(0, 120).replace(/\s+/g, ' ')}`);
    }
    const usage = answer?.usage;
    return {
      json,
      ...(typeof usage?.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number' ? { usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } } : {}),
    };
  }
}
