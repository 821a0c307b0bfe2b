// gRPC between our own services: a client stub of service S (`NewInventoryClient`,
// `InventoryStub`, `new proto.Inventory(...)`) calls the component that registers an
// implementation of S (`RegisterInventoryServer`, `add_InventoryServicer_to_server`,
// `server.addService(...Inventory.service)`). Services are matched by their short name, and only
// when exactly one other component implements it.
import type { ConfigFact, EntrypointFact } from '../types.js';
import type { DraftComponent } from './components.js';
import { owningComponent } from './components.js';
import type { FlowSet } from './connections.js';
import type { FactIndex } from './facts.js';
import { deployedNames, serviceNameForms } from './addresses.js';

/** `Inventory` from `/shop.inventory.v1.Inventory/Reserve` or `shop.inventory.v1.Inventory`. */
export function grpcServiceName(pathOrName: string): string {
  const service = pathOrName.startsWith('/') ? pathOrName.split('/')[1] ?? '' : pathOrName;
  return service.slice(service.lastIndexOf('.') + 1);
}

function grpcConfigs(facts: FactIndex, setting: string): ConfigFact[] {
  return facts.of('config').filter((f) => f.setting === setting && typeof f.values.service === 'string');
}

/** Components implementing each gRPC service (by short name). */
export function grpcServers(components: DraftComponent[], facts: FactIndex): Map<string, DraftComponent[]> {
  const code = components.filter((c) => c.roots.length > 0);
  const servers = new Map<string, DraftComponent[]>();
  const add = (service: string, file: string): void => {
    const owner = owningComponent(code, file);
    if (!owner || !service) return;
    const list = servers.get(service) ?? [];
    if (!list.includes(owner)) list.push(owner);
    servers.set(service, list);
  };
  for (const f of grpcConfigs(facts, 'grpc-server')) add(String(f.values.service), f.evidence.file);
  for (const e of facts.of('entrypoint')) if (e.protocol === 'grpc' && !e.tags?.includes('declared') && e.path) add(grpcServiceName(e.path), e.evidence.file);
  return servers;
}

/** The one component implementing the service of a proto-declared rpc, if exactly one does. */
export function implementerOf(servers: Map<string, DraftComponent[]>, fact: EntrypointFact): DraftComponent | undefined {
  const list = fact.path ? servers.get(grpcServiceName(fact.path)) : undefined;
  return list?.length === 1 ? list[0] : undefined;
}

export function connectGrpc(components: DraftComponent[], facts: FactIndex, flows: FlowSet, servers: Map<string, DraftComponent[]>): void {
  const code = components.filter((c) => c.roots.length > 0);
  const serverTls = new Map<string, unknown>();
  for (const f of grpcConfigs(facts, 'grpc-server')) serverTls.set(String(f.values.service), f.values.tls);
  for (const client of grpcConfigs(facts, 'grpc-client')) {
    const caller = owningComponent(code, client.evidence.file);
    if (!caller) continue;
    const service = String(client.values.service);
    const targets = (servers.get(service) ?? []).filter((c) => c.id !== caller.id);
    if (targets.length !== 1) continue;
    const tls = client.values.tls === false || serverTls.get(service) === false ? false : client.values.tls === true ? true : 'unknown';
    flows.add(caller.id, targets[0].id, 'gRPC', client.evidence, { encrypted: tls });
  }
}

/**
 * The component serving gRPC service `service` for `caller`: the one other component that
 * implements it, else the one component deployed under the service's name (`CartService` →
 * workload `cart` or `cartservice`), which covers servers written in languages whose gRPC
 * registration was not recognised.
 */
export function grpcServiceTarget(components: DraftComponent[], servers: Map<string, DraftComponent[]>): (service: string, caller: DraftComponent) => DraftComponent | undefined {
  const deployed = components.filter((c) => c.kind === 'service' || c.kind === 'frontend' || c.kind === 'function');
  return (service, caller) => {
    const implementers = (servers.get(service) ?? []).filter((c) => c.id !== caller.id);
    if (implementers.length === 1) return implementers[0];
    const forms = serviceNameForms(service);
    const named = deployed.filter((c) => c.id !== caller.id && deployedNames(c).some((n) => forms.includes(n)));
    return named.length === 1 ? named[0] : undefined;
  };
}
