import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { Lines } from '../../_polyglot/lines.js';
import { jvmLanguage } from '../_lib/files.js';
import { isSpringConfigPath, readProperties, readYamlSettings, type Setting } from '../_lib/properties.js';
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

/** `${MYSQL_URL:jdbc:mysql://localhost/shop}`: a Spring placeholder with its default value. */
const PLACEHOLDER = /^\$\{([^:}]+)(?::(.*))?\}$/;

/**
 * One store setting as a fact. A placeholder's default gives the technology (and the host when the
 * placeholder is no environment variable); the target stays `env:NAME` so the deployment's value
 * wins. A profile-specific file or document (`application-mysql.properties`,
 * `spring.config.activate.on-profile: mysql`) is said in the snippet and key, since it only runs
 * when that profile is active.
 */
function settingStore(file: string, key: string, value: string, line: number, keyTech: string | undefined, library: string, profile: string | undefined): FactInput | undefined {
  const placeholder = PLACEHOLDER.exec(value.trim());
  const concrete = placeholder?.[2] ?? value;
  const tech = keyTech ?? techOfUrl(concrete) ?? techOfUrl(value);
  if (!tech) return undefined;
  const bareHost = (v: string) => (/^[\w.-]+(?::\d+)?$/.test(v) ? v.split(':')[0] : undefined);
  const target = targetOf(value) ?? targetOf(concrete) ?? bareHost(concrete);
  const fact = storeFact(file, line, tech, library, target, profile ? `${key}=… (profile ${profile})` : `${key}=…`);
  if (profile) fact.key = `${fact.key}:profile:${profile}`;
  return fact;
}

/** Profile named by a Spring config file name: `application-mysql.yml` → `mysql`. */
function fileProfile(path: string): string | undefined {
  return /(?:application|bootstrap)-([\w.-]+)\.(?:properties|ya?ml)$/.exec(path)?.[1];
}

/**
 * The settings of a Spring config file, one entry per YAML document (`---`), each with the profile
 * it applies to: the file's profile, or the document's `spring.config.activate.on-profile` /
 * `spring.profiles`.
 */
function springDocuments(path: string, content: string): { settings: Map<string, Setting>; profile: string | undefined }[] {
  if (!/\.ya?ml$/.test(path)) return [{ settings: readProperties(content), profile: fileProfile(path) }];
  const out: { settings: Map<string, Setting>; profile: string | undefined }[] = [];
  const lines = content.split('\n');
  let start = 0;
  const flush = (end: number) => {
    const settings = new Map<string, Setting>();
    for (const [k, v] of readYamlSettings(lines.slice(start, end).join('\n'))) settings.set(k, { value: v.value, line: v.line + start });
    const own = settings.get('spring.config.activate.on-profile')?.value ?? settings.get('spring.profiles')?.value;
    out.push({ settings, profile: own ?? fileProfile(path) });
  };
  lines.forEach((line, i) => {
    if (!/^---/.test(line)) return;
    flush(i);
    start = i + 1;
  });
  flush(lines.length);
  return out;
}

const CODE_URLS = /\b(?:getForObject|getForEntity|postForObject|postForEntity|exchange|baseUrl|create|uri|url|connect|HttpGet|HttpPost|URI\.create|newBuilder)\s*\(\s*"(https?:\/\/[^"]+)"|@FeignClient\s*\([^)]*\burl\s*=\s*"([^"]+)"/g;

export const extractor: Extractor = {
  id: 'java/services',
  title: 'JVM data stores (Spring Boot datasource, Mongo, Redis, Kafka, RabbitMQ settings) and outbound HTTP calls to literal URLs',
  matches: (path) => isSpringConfigPath(path) || jvmLanguage(path) !== undefined,
  signals: ['spring.', 'spring:', 'datasource', 'http://', 'https://', 'FeignClient'],
  extract(file) {
    const facts: FactInput[] = [];
    if (isSpringConfigPath(file.path)) {
      for (const { settings, profile } of springDocuments(file.path, file.content)) {
        for (const [key, setting] of settings) {
          const hit = STORE_KEYS.find(([re]) => re.test(key));
          if (!hit) continue;
          const fact = settingStore(file.path, key, setting.value, setting.line, hit[1], hit[2], profile);
          if (fact) facts.push(fact);
        }
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
