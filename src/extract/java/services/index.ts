import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { Lines } from '../../_polyglot/lines.js';
import { jvmLanguage } from '../_lib/files.js';
import { isSpringConfigPath, readProperties, readYamlSettings } from '../_lib/properties.js';
import { outboundFact, storeFact, targetOf, techOfUrl } from '../_lib/stores.js';
import { blankComments, lineAt } from '../_lib/text.js';

/** Spring Boot settings that name a data store, and the technology when the key alone tells. */
const STORE_KEYS: [RegExp, string | undefined, string][] = [
  [/^spring\.(?:datasource|r2dbc|flyway|liquibase)\.url$/, undefined, 'spring-data-jdbc'],
  [/^spring\.data\.mongodb\.(?:uri|host)$/, 'mongodb', 'spring-data-mongodb'],
  [/^spring\.(?:data\.)?redis\.(?:url|host)$/, 'redis', 'spring-data-redis'],
  [/^spring\.kafka\.bootstrap-servers$/, 'kafka', 'spring-kafka'],
  [/^spring\.rabbitmq\.(?:host|addresses)$/, 'rabbitmq', 'spring-amqp'],
  [/^spring\.(?:elasticsearch\.uris|data\.elasticsearch\.cluster-nodes)$/, 'elasticsearch', 'spring-data-elasticsearch'],
  [/^spring\.cassandra\.contact-points$/, 'cassandra', 'spring-data-cassandra'],
];

const CODE_URLS = /\b(?:getForObject|getForEntity|postForObject|postForEntity|exchange|baseUrl|create|uri|url|connect|HttpGet|HttpPost|URI\.create|newBuilder)\s*\(\s*"(https?:\/\/[^"]+)"|@FeignClient\s*\([^)]*\burl\s*=\s*"([^"]+)"/g;

export const extractor: Extractor = {
  id: 'java/services',
  title: 'JVM data stores (Spring Boot datasource, Mongo, Redis, Kafka, RabbitMQ settings) and outbound HTTP calls to literal URLs',
  matches: (path) => isSpringConfigPath(path) || jvmLanguage(path) !== undefined,
  signals: ['spring.', 'spring:', 'datasource', 'http://', 'https://', 'FeignClient'],
  extract(file) {
    const facts: FactInput[] = [];
    if (isSpringConfigPath(file.path)) {
      const settings = /\.ya?ml$/.test(file.path) ? readYamlSettings(file.content) : readProperties(file.content);
      for (const [key, setting] of settings) {
        const hit = STORE_KEYS.find(([re]) => re.test(key));
        if (!hit) continue;
        const tech = hit[1] ?? techOfUrl(setting.value);
        if (!tech) continue;
        const target = targetOf(setting.value) ?? (/^[\w.-]+(?::\d+)?$/.test(setting.value) ? setting.value.split(':')[0] : undefined);
        facts.push(storeFact(file.path, setting.line, tech, hit[2], target, `${key}=…`));
      }
      return facts.length > 0 ? facts : null;
    }
    const text = blankComments(file.content);
    const lines = new Lines(file.content);
    for (const m of text.matchAll(CODE_URLS)) {
      const url = m[1] ?? m[2];
      const line = lineAt(text, m.index ?? 0);
      const library = m[0].startsWith('@FeignClient') ? 'feign' : /getFor|postFor|exchange/.test(m[0]) ? 'RestTemplate' : /baseUrl|create/.test(m[0]) ? 'WebClient' : 'http-client';
      const fact = outboundFact(file.path, line, url, library, lines.line(line).trim());
      if (fact) facts.push(fact);
    }
    for (const m of text.matchAll(/"(jdbc:[a-z0-9]+:[^"]*)"/g)) {
      const tech = techOfUrl(m[1]);
      if (tech) facts.push(storeFact(file.path, lineAt(text, m.index ?? 0), tech, 'jdbc', targetOf(m[1])));
    }
    return facts.length > 0 ? facts : null;
  },
};
