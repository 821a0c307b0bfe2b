// A fake LLM server on 127.0.0.1 that speaks both OpenAI Chat Completions and Anthropic Messages.
// A script decides each answer from the request (which pass, what the prompt says); the server
// wraps it in the right envelope, or answers with an HTTP error, garbage, or after a delay.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Pass = 'author' | 'review';

export interface SeenRequest {
  api: 'openai' | 'anthropic';
  pass: Pass;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  system: string;
  user: string;
}

export type Reply =
  | { json: unknown; usage?: { input: number; output: number } }
  | { status: number; text?: string; retryAfter?: string }
  | { raw: string }
  | { delayMs: number; reply: Reply };

export type Script = (request: SeenRequest) => Reply;

export interface FakeLlm {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (c && typeof c === 'object' && 'text' in c ? String((c as { text: unknown }).text) : '')).join('');
  return '';
}

function parse(api: 'openai' | 'anthropic', body: Record<string, unknown>): { system: string; user: string } {
  const messages = (body.messages as { role: string; content: unknown }[]) ?? [];
  const user = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
  const system = api === 'anthropic' ? textOf(body.system) : messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
  return { system, user };
}

function envelope(api: 'openai' | 'anthropic', body: Record<string, unknown>, reply: { json: unknown; usage?: { input: number; output: number } }): unknown {
  const usage = reply.usage ?? { input: 1000, output: 200 };
  if (api === 'openai') {
    return { id: 'chatcmpl-fake', object: 'chat.completion', model: body.model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(reply.json) } }], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } };
  }
  const tool = (body.tools as { name: string }[])[0].name;
  return { id: 'msg_fake', type: 'message', role: 'assistant', model: body.model, stop_reason: 'tool_use', content: [{ type: 'tool_use', id: 'toolu_fake', name: tool, input: reply.json }], usage: { input_tokens: usage.input, output_tokens: usage.output } };
}

export async function startFakeLlm(script: Script): Promise<FakeLlm> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const api = req.url === '/v1/messages' ? 'anthropic' : req.url === '/v1/chat/completions' ? 'openai' : undefined;
      if (!api || req.method !== 'POST') {
        res.writeHead(404).end('not found');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const { system, user } = parse(api, body);
      const seen: SeenRequest = { api, pass: system.includes('independent security reviewer') ? 'review' : 'author', headers: req.headers, body, system, user };
      requests.push(seen);
      const send = (reply: Reply): void => {
        if ('delayMs' in reply) {
          setTimeout(() => send(reply.reply), reply.delayMs);
          return;
        }
        if ('status' in reply) {
          res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}) }).end(reply.text ?? '{"error":"fake"}');
          return;
        }
        if ('raw' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(reply.raw);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope(api, body, reply)));
      };
      send(script(seen));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The candidates a reviewer request lists (the JSON line after the `candidates` fence). */
export function candidatesOf(user: string): { id: string; type: string; title?: string; threat?: string; to?: string }[] {
  const lines = user.split('\n');
  const at = lines.findIndex((l) => l.startsWith('<<<DATA ') && l.endsWith(' candidates'));
  return at >= 0 ? (JSON.parse(lines[at + 1]) as { id: string; type: string; title?: string }[]) : [];
}
