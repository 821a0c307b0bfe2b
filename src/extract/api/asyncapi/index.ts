// AsyncAPI 2.x and 3.x documents: the brokers an application talks to (servers → datastore-client
// facts of the queue technology) and the channels it consumes (declared queue entry points).
import type { DatastoreClientFact, EntrypointFact, FactInput } from '../../../model/types.js';
import { isRecord, list, text } from '../../iac/_lib/yaml-path.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { declaresTopLevel, deref, loadSpec } from '../_lib/spec.js';
import type { LoadedSpec } from '../_lib/spec.js';

/** AsyncAPI server protocols → threatcode store technologies. */
const BROKERS: Record<string, string> = {
  kafka: 'kafka',
  'kafka-secure': 'kafka',
  amqp: 'rabbitmq',
  amqps: 'rabbitmq',
  mqtt: 'mqtt',
  'secure-mqtt': 'mqtt',
  mqtts: 'mqtt',
  nats: 'nats',
  sqs: 'sqs',
  sns: 'sns',
  redis: 'redis',
  pulsar: 'pulsar',
  googlepubsub: 'pubsub',
};

function serverHost(server: Record<string, unknown>): string | undefined {
  const host = text(server.host) ?? text(server.url);
  return host?.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
}

export function asyncApiFacts(file: string, spec: LoadedSpec): FactInput[] {
  const { root, at } = spec;
  const facts: FactInput[] = [];
  const servers = isRecord(root.servers) ? root.servers : {};
  let secured = false;
  for (const [name, server] of Object.entries(servers)) {
    if (!isRecord(server)) continue;
    const protocol = (text(server.protocol) ?? '').toLowerCase();
    const tech = BROKERS[protocol];
    if (list(server.security).length > 0) secured = true;
    if (!tech) continue;
    const host = serverHost(server);
    const client: Omit<DatastoreClientFact, 'extractor'> = {
      kind: 'datastore-client',
      tech,
      storeKind: tech === 'redis' ? 'cache' : 'queue',
      library: 'asyncapi',
      ...(host ? { target: `${protocol}://${host}` } : {}),
      evidence: { file, line: at.line(['servers', name]), snippet: `${name}:` },
      key: `${file}#asyncapi:server:${name}`,
    };
    facts.push(client);
  }
  const consumed: { channel: string; path: (string | number)[] }[] = [];
  const channels = isRecord(root.channels) ? root.channels : {};
  if (isRecord(root.operations)) {
    // 3.x: operations name their channel and an action; `receive` is what this application consumes.
    for (const [name, op] of Object.entries(root.operations)) {
      if (!isRecord(op) || text(op.action) !== 'receive') continue;
      const channel = deref(root, op.channel);
      const address = isRecord(channel) ? text(channel.address) ?? refName(op.channel) : undefined;
      if (address) consumed.push({ channel: address, path: ['operations', name] });
    }
  } else {
    // 2.x: `publish` describes messages others publish to this application, i.e. what it consumes.
    for (const [channel, item] of Object.entries(channels)) if (isRecord(item) && isRecord(item.publish)) consumed.push({ channel, path: ['channels', channel, 'publish'] });
  }
  for (const { channel, path } of consumed) {
    const entry: Omit<EntrypointFact, 'extractor'> = {
      kind: 'entrypoint',
      protocol: 'queue',
      framework: 'asyncapi',
      method: 'RECEIVE',
      path: channel,
      middleware: [],
      auth: secured ? 'user' : 'none',
      tags: ['declared'],
      evidence: { file, line: at.line(path), snippet: `${String(path[path.length - 1])}:` },
      key: `${file}#asyncapi:receive:${channel}`,
    };
    facts.push(entry);
  }
  return facts;
}

function refName(value: unknown): string | undefined {
  const ref = isRecord(value) ? text(value.$ref) : undefined;
  return ref ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  if (!declaresTopLevel(file.content, 'asyncapi')) return null;
  const spec = loadSpec(file, ctx);
  if (!spec || typeof spec.root.asyncapi !== 'string') return null;
  return asyncApiFacts(file.path, spec);
}

export const extractor: Extractor = {
  id: 'api/asyncapi',
  title: 'AsyncAPI',
  matches: (path) => /\.(?:ya?ml|json)$/i.test(path),
  signals: ['asyncapi'],
  extract,
};
