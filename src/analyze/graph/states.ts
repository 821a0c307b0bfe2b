// Attacker states: ids, labels, and how much each is worth to an attacker (target value).
import type { Component } from '../../model/types.js';
import { CLASS_VALUE } from './topology.js';
import type { Topology } from './topology.js';
import type { AttackState, StateKind } from './types.js';

/** Entry states and the likelihood that such an attacker exists and tries. */
export const ENTRY_LIKELIHOOD: Readonly<Record<'internet' | 'user' | 'repo', number>> = {
  internet: 1,
  // Any holder of an account: a customer, a partner, or someone with stolen credentials.
  user: 0.5,
  // An insider or anyone who obtained the source, an image or CI logs.
  repo: 0.3,
};

/** A state is a kill-chain target when it is worth at least this much. */
export const TARGET_VALUE = 0.5;

const PAYMENT = /stripe|paypal|braintree|adyen|square|checkout|klarna|mollie/i;

export function stateId(kind: StateKind, topology?: Topology, component?: Component): string {
  if (!component || !topology) return kind;
  return `${kind}:${topology.nameOf(component.id)}`;
}

/** The states of the graph, created on first use so unused ones never appear. */
export class StateSet {
  readonly states = new Map<string, AttackState>();

  constructor(private readonly topology: Topology) {}

  get(kind: StateKind, component?: Component): AttackState {
    const id = stateId(kind, this.topology, component);
    const existing = this.states.get(id);
    if (existing) return existing;
    const state = this.create(id, kind, component);
    this.states.set(id, state);
    return state;
  }

  private create(id: string, kind: StateKind, c: Component | undefined): AttackState {
    const name = c ? this.topology.nameOf(c.id) : '';
    const base = { id, kind, ...(c ? { component: c.id } : {}) };
    switch (kind) {
      case 'internet':
        return { ...base, label: 'an anonymous attacker on the internet', value: 0, target: false };
      case 'user':
        return { ...base, label: 'an authenticated user', value: 0.3, target: false };
      case 'repo':
        return { ...base, label: 'someone with read access to the source repository or images', value: 0, target: false };
      case 'reach':
        return { ...base, label: `requests to ${name}`, value: 0.1, target: false };
      case 'net':
        return { ...base, label: `requests from the network position of ${name}`, value: 0.2, target: false };
      case 'lan':
        return { ...base, label: 'a foothold inside the deployment network', value: 0.3, target: false };
      case 'lan-http':
        return { ...base, label: 'HTTP requests inside the deployment network', value: 0.2, target: false };
      case 'exec':
        return { ...base, label: `code execution in ${name}`, value: 0.7, target: false };
      case 'secrets':
        return { ...base, label: `the secrets of ${name}`, value: 0.75, valueReason: 'its credentials and keys', target: true };
      case 'admin':
        return { ...base, label: `administrator rights in ${name}`, value: 0.85, valueReason: 'every function and record it manages', target: true };
      case 'data':
        return this.dataState(base, name, c);
      case 'access': {
        const payment = c ? PAYMENT.test(`${c.name} ${c.tech.join(' ')}`) : false;
        return { ...base, label: `the ${name} account of the product`, value: payment ? 0.8 : 0.55, valueReason: payment ? 'payments' : 'a third-party account', target: true };
      }
      case 'host':
        return { ...base, label: 'control of the container host', value: 0.9, valueReason: 'every workload on it', target: true };
      case 'cluster':
        return { ...base, label: 'control of the cluster or cloud account', value: 1, valueReason: 'every workload and secret of the deployment', target: true };
      case 'dos':
        return { ...base, label: `denial of service of ${name}`, value: 0.3, target: false };
    }
  }

  private dataState(base: Pick<AttackState, 'id' | 'kind' | 'component'>, name: string, c: Component | undefined): AttackState {
    const classification = c ? this.topology.highestClassification(c.id) : undefined;
    const assets = c
      ? this.topology
          .assetsIn(c.id)
          .filter((a) => a.classification === classification)
          .map((a) => a.name)
          .sort()
      : [];
    if (classification) {
      const value = CLASS_VALUE[classification];
      const shown = assets.slice(0, 3).join(', ') + (assets.length > 3 ? ` and ${assets.length - 3} more` : '');
      return { ...base, label: `read and write access to ${name}`, value, valueReason: `${classification} data (${shown})`, target: value >= TARGET_VALUE };
    }
    // Contents unknown: databases and buckets usually hold the product's records and files.
    const value = c && (c.kind === 'storage' || c.kind === 'datastore') && !this.topology.isLocalStore(c) && !/redis|memcache|cache/i.test(c.tech.join(' ')) ? 0.6 : 0.45;
    return { ...base, label: `read and write access to ${name}`, value, valueReason: 'data of unknown classification', target: value >= TARGET_VALUE };
  }
}
