// Queue consumers are entry points too: a message is attacker-influenced input when the producer
// is. Kafka (consumer.run / subscribe), RabbitMQ (channel.consume), BullMQ workers.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, objectProp, resolveObject, stringValue, type AstNode, type JsIndex } from '../_lib/ast.js';

function entry(index: JsIndex, at: AstNode, framework: string, topic: string): FactInput {
  return {
    kind: 'entrypoint',
    protocol: 'queue',
    framework,
    method: 'CONSUME',
    path: topic,
    middleware: [],
    auth: 'unknown',
    tags: ['queue-consumer'],
    evidence: index.evidence(at),
    key: `${index.file}#entrypoint:queue ${framework} ${topic}`,
  };
}

export function queueConsumers(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  if (index.imports('kafkajs')) {
    for (const call of index.nodesOf('CallExpression')) {
      if (calleeProperty(call) !== 'subscribe') continue;
      const opts = resolveObject(call.arguments[0] as AstNode, index);
      const topic = stringValue(objectProp(opts, 'topic'), index) ?? (objectProp(opts, 'topics') ? index.text(objectProp(opts, 'topics')!) : undefined);
      if (topic) out.push(entry(index, call, 'kafkajs', topic));
    }
  }
  if (index.imports('amqplib', 'amqplib/callback_api', 'amqp-connection-manager')) {
    for (const call of index.nodesOf('CallExpression')) {
      if (calleeProperty(call) !== 'consume' || call.arguments.length < 2) continue;
      out.push(entry(index, call, 'amqplib', stringValue(call.arguments[0] as AstNode, index) ?? index.text(call.arguments[0] as AstNode).slice(0, 40)));
    }
  }
  for (const n of index.nodesOf('NewExpression')) {
    if (!/^(bullmq\.Worker)$/.test(index.resolvedCallee(n) ?? '')) continue;
    out.push(entry(index, n, 'bullmq', stringValue(n.arguments[0] as AstNode, index) ?? '?'));
  }
  return out;
}
