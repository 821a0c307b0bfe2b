import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function facts(files: Record<string, string>): string[] {
  return runExtractor(extractor, files).facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => `${f.setting} ${f.evidence.file}:${f.evidence.line} ${JSON.stringify(f.values)}`);
}

const AGENT = `import { Agent } from 'undici';
import dns from 'node:dns';
import { isBlockedIp } from './ip';
function safeLookup(hostname, options, callback) {
  dns.lookup(hostname, options, (err, address, family) => {
    if (err || isBlockedIp(address)) return callback(new Error('Blocked IP'), '', 0);
    callback(null, address, family);
  });
}
export const safeDispatcher = new Agent({ connect: { lookup: safeLookup } });
export const pooled = new Agent({ connect: { lookup: (h, o, cb) => dns.lookup(h, o, cb) } });
export function getSafeDispatcher() {
  return process.env.OFF ? undefined : safeDispatcher;
}
`;

describe('extract/js/ssrf-guards', () => {
  it('knows agents by their lookup: it inspects the address and calls back with an error', () => {
    assert.deepEqual(facts({ 'src/agent.ts': AGENT }), [
      'ssrf-safe-agent src/agent.ts:1 {"name":"safeDispatcher"}',
      'ssrf-safe-agent src/agent.ts:1 {"name":"getSafeDispatcher"}',
    ]);
  });

  it('knows agents by a whole connector that refuses hosts, not one that only connects', () => {
    const src = `import { Agent, buildConnector, fetch } from 'undici';
const connector = buildConnector({});
const ALLOWED = new Set((process.env.FETCH_HOSTS || '').split(','));
function allowedHost(host) { return ALLOWED.has(host); }
const checkedConnect = (options, callback) => {
  if (!allowedHost(options.hostname)) return callback(new Error('host not allowed'), null);
  connector(options, callback);
};
const fenced = new Agent({ connect: checkedConnect });
const plain = new Agent({ connect: (options, callback) => connector(options, callback) });
export async function load(url) {
  const answer = await fetch(url, { dispatcher: fenced });
  const other = await fetch(url, { dispatcher: plain });
  return [answer, other];
}
`;
    assert.deepEqual(facts({ 'src/fetcher.ts': src }), [
      'ssrf-safe-agent src/fetcher.ts:1 {"name":"fenced"}',
      'ssrf-guarded-call src/fetcher.ts:12 {"agent":"fenced","module":"","local":true}',
      'ssrf-guarded-call src/fetcher.ts:13 {"agent":"plain","module":"","local":false}',
    ]);
  });

  it('records calls handed an agent, and hand-followed redirects checked on every hop', () => {
    const src = `import { safeDispatcher } from './agent';
export async function get(url) {
  const a = await fetch(url, { dispatcher: safeDispatcher });
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    if (!(await isSafe(current))) throw new Error('blocked');
    const r = await fetch(current, { redirect: 'manual' });
    if (r.status < 300 || r.status >= 400) return r;
    current = r.headers.get('location');
  }
  const once = await fetch(url, { redirect: 'manual' });
  return [a, once];
}
`;
    assert.deepEqual(facts({ 'src/get.ts': src }), [
      'ssrf-guarded-call src/get.ts:3 {"agent":"safeDispatcher","module":"./agent","local":false}',
      'ssrf-guarded-call src/get.ts:7 {"redirects":"revalidated"}',
    ]);
  });

  it('a throwing assertion on each hop counts as the per-hop check; a result nobody tests does not', () => {
    const src = (check: string) => `export async function safeFetch(input) {
  let current = new URL(input);
  for (let hop = 0; ; hop++) {
    ${check}
    const response = await fetch(current, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (!location) return response;
    current = new URL(location, current);
  }
}
`;
    assert.deepEqual(facts({ 'src/safe-fetch.ts': src('const [address] = await assertPublicUrl(current);') }), ['ssrf-guarded-call src/safe-fetch.ts:5 {"redirects":"revalidated"}']);
    assert.deepEqual(facts({ 'src/safe-fetch.ts': src('await ensureSafeUrl(current);') }), ['ssrf-guarded-call src/safe-fetch.ts:5 {"redirects":"revalidated"}']);
    assert.deepEqual(facts({ 'src/safe-fetch.ts': src('const ok = isPublicUrl(current);') }), []);
  });
});
