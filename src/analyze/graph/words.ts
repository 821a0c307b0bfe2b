// Wording of edges and chains. Kept apart so that every sentence of a narrative is built the same way.
import type { EntryPoint, Evidence } from '../../model/types.js';
import type { AttackState } from './types.js';

/** What the attacker does to get a state, as a verb phrase ("runs code in api"). */
export function gainPhrase(state: AttackState, name: string): string {
  switch (state.kind) {
    case 'internet':
      return 'is on the internet';
    case 'user':
      return 'gets a user account';
    case 'repo':
      return 'reads the repository';
    case 'reach':
      return `reaches ${name}`;
    case 'net':
      return `sends requests from the network position of ${name}`;
    case 'lan':
      return 'gets a foothold inside the deployment network';
    case 'lan-http':
      return 'sends HTTP requests inside the deployment network';
    case 'exec':
      return `runs code in ${name}`;
    case 'secrets':
      return `reads the secrets of ${name}`;
    case 'admin':
      return `acts as an administrator of ${name}`;
    case 'data':
      return `reads and writes ${name}`;
    case 'access':
      return `uses the ${name} account of the product`;
    case 'host':
      return 'takes over the container host';
    case 'cluster':
      return 'controls the cluster or cloud account';
    case 'dos':
      return `takes ${name} down`;
  }
}

export function where(evidence: readonly Evidence[]): string {
  const e = evidence[0];
  return e ? `${e.file}:${e.line}` : 'architecture';
}

export function route(ep: EntryPoint | undefined): string {
  if (!ep) return '';
  return `${ep.method ?? ep.kind.toUpperCase()} ${ep.path ?? ''}`.trim();
}

/** Quotes a finding title inside generated prose without characters that need escaping downstream. */
export function quoted(title: string): string {
  return `\u201c${title.replace(/[<>&"]/g, ' ').replace(/\s+/g, ' ').trim()}\u201d`;
}
