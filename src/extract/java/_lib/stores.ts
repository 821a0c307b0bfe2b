// Data-store technology from connection strings and URLs, shared by the JVM, .NET, Ruby and PHP
// service extractors. Tech names are the ones src/model/build/tech.ts knows.
import { STORE_TECH, storeTechOfScheme } from '../../../model/build/tech.js';
import type { FactInput, StoreKind } from '../../../model/types.js';

/** `jdbc:postgresql://db:5432/shop` → postgres; `jdbc:sqlserver://...` → mssql; `mongodb+srv://` → mongodb. */
export function techOfUrl(url: string): string | undefined {
  const u = url.trim().replace(/^jdbc:/, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  if (scheme === 'h2' || scheme === 'hsqldb' || scheme === 'derby') return 'embedded-db';
  if (scheme === 'sqlserver') return 'mssql';
  if (scheme === 'oracle') return 'oracle';
  if (scheme === 'mariadb') return 'mysql';
  return storeTechOfScheme(scheme);
}

/** Host of a URL, or `env:NAME` for `${NAME}` / `%NAME%` placeholders; never credentials. */
export function targetOf(value: string): string | undefined {
  const env = /\$\{([A-Z_][A-Z0-9_]*)(?::[^}]*)?\}|%([A-Z_][A-Z0-9_]*)%|ENV\[['"]([A-Z_][A-Z0-9_]*)['"]\]|env\(\s*['"]([A-Z_][A-Z0-9_]*)['"]/.exec(value);
  if (env) return `env:${env[1] ?? env[2] ?? env[3] ?? env[4]}`;
  const host = /\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#,;]+)/.exec(value)?.[1];
  return host && !host.includes('$') ? host.toLowerCase() : undefined;
}

export function storeFact(file: string, line: number, tech: string, library: string, target: string | undefined, snippet?: string): FactInput {
  const storeKind: StoreKind = STORE_TECH[tech]?.storeKind ?? 'database';
  const fact: FactInput = {
    kind: 'datastore-client',
    tech,
    storeKind,
    library,
    evidence: snippet ? { file, line, snippet } : { file, line },
    key: `${file}#datastore:${tech}:${library}`,
  };
  if (target) fact.target = target;
  return fact;
}

const SERVICES: [RegExp, string][] = [
  [/stripe\.com/, 'stripe'],
  [/paypal\.com/, 'paypal'],
  [/twilio\.com/, 'twilio'],
  [/sendgrid\.(?:com|net)/, 'sendgrid'],
  [/mailgun\.net/, 'mailgun'],
  [/slack\.com/, 'slack'],
  [/openai\.com/, 'openai'],
  [/anthropic\.com/, 'anthropic'],
  [/api\.github\.com/, 'github'],
];

/** An outbound HTTP call to a literal URL (or an env-configured base URL). */
export function outboundFact(file: string, line: number, url: string, library: string, snippet?: string): FactInput | undefined {
  const target = targetOf(url);
  if (!target) return undefined;
  const protocol = /^https:/i.test(url) ? 'https' : /^http:/i.test(url) ? 'http' : 'https';
  const service = SERVICES.find(([re]) => re.test(url))?.[1];
  const fact: FactInput = { kind: 'outbound-call', protocol, library, target, tainted: false, evidence: snippet ? { file, line, snippet } : { file, line }, key: `${file}#outbound:${library}:${target}` };
  if (service) fact.service = service;
  return fact;
}
