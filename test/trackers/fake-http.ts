// Shared plumbing for the fake tracker servers: a node:http server on 127.0.0.1 (ephemeral port),
// JSON in and out, a log of the requests (never their credentials), and scripted failures such as
// "the next search answers 429 with Retry-After: 2" or "the next create succeeds but answers 502".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Which requests it applies to (default: the next one, whatever it is). */
  match?: (method: string, path: string) => boolean;
  /** Carry out the request first, then answer with the failure (a lost response). */
  afterHandling?: boolean;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: { method: string; path: string; url: URL; query: Record<string, string>; body: unknown; headers: IncomingMessage['headers'] }) => Reply;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  failNext(failure: ScriptedFailure): void;
  /** Non-GET requests that reached a handler and succeeded. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFake(handler: Handler, extraHeaders: () => Record<string, string> = () => ({})): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const send = (res: ServerResponse, reply: Reply) => {
    const headers: Record<string, string> = { ...extraHeaders(), ...reply.headers };
    if (reply.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const body = await readBody(req);
      const query = Object.fromEntries(url.searchParams);
      const record = (status: number) => requests.push({ method, path: url.pathname, query, body, status });
      const index = failures.findIndex((f) => !f.match || f.match(method, url.pathname));
      const failure = index >= 0 ? failures.splice(index, 1)[0] : undefined;
      if (failure && !failure.afterHandling) {
        record(failure.status);
        send(res, { status: failure.status, body: failure.body, headers: failure.headers });
        return;
      }
      let reply: Reply;
      try {
        reply = handler({ method, path: url.pathname, url, query, body, headers: req.headers });
      } catch (error) {
        reply = { status: 500, body: { message: `fake server bug: ${error instanceof Error ? error.message : String(error)}` } };
      }
      if (failure) {
        record(failure.status);
        send(res, { status: failure.status, body: failure.body, headers: failure.headers });
        return;
      }
      record(reply.status);
      send(res, reply);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (f) => failures.push(f),
    writes: () => requests.filter((r) => r.method !== 'GET' && r.status < 400 && !r.path.includes('/search')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
