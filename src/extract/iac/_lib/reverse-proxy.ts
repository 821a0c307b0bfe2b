// The fact that marks a file as a reverse proxy's route table (nginx, Caddy): the model builder
// makes its owner a gateway and the components it routes to as reachable as it is.
import type { FactInput } from '../../../model/types.js';

export function reverseProxyFact(path: string, server: string, routes: number, summary: string, line: number, text: string): FactInput {
  return {
    kind: 'config',
    setting: 'reverse-proxy',
    values: { server, routes },
    summary,
    evidence: { file: path, line, snippet: text.trim().slice(0, 120) },
    key: `${path}#reverse-proxy`,
  };
}
