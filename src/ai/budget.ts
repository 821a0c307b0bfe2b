// Token accounting. Estimates use the common rule of thumb of 4 characters per token (English
// prose and code average 3.5–4.5 with GPT and Claude tokenizers); the estimate is only used
// before a call, and the provider's reported usage replaces it afterwards. A call is made only
// when its estimated input plus its full output allowance still fits the budget, so the budget is
// never exceeded by more than an estimation error on the input side.
import type { ChatRequest, Usage } from './types.js';

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Input tokens of a request (system, user and the schema the provider also receives). */
export function estimateInput(request: ChatRequest): number {
  return estimateTokens(request.system) + estimateTokens(request.user) + estimateTokens(JSON.stringify(request.schema));
}

/** The most a request can cost: its estimated input plus its whole output allowance. */
export function worstCase(request: ChatRequest): number {
  return estimateInput(request) + request.maxOutputTokens;
}

export class Budget {
  spent = 0;
  inputTokens = 0;
  outputTokens = 0;

  constructor(readonly limit: number = Number.POSITIVE_INFINITY) {}

  fits(tokens: number): boolean {
    return this.spent + tokens <= this.limit;
  }

  charge(request: ChatRequest, usage: Usage | undefined): void {
    const input = usage?.inputTokens ?? estimateInput(request);
    // Without reported usage, assume the whole allowance was used: never under-count.
    const output = usage?.outputTokens ?? request.maxOutputTokens;
    this.inputTokens += input;
    this.outputTokens += output;
    this.spent += input + output;
  }
}
