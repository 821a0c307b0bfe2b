import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LlmCallFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/outbound', () => {
  it('records HTTP clients with host or env target, never tainted', () => {
    const { facts } = runExtractor(extractor, {
      'src/clients.js': `const axios = require('axios');
const got = require('got');
const https = require('https');
axios.get('https://api.github.com/repos/x/y');
got.post(\`\${process.env.BILLING_URL}/invoices\`);
fetch(process.env.WEBHOOK_URL, { method: 'POST' });
https.get({ hostname: 'hooks.slack.com', path: '/services/x' });
fetch(url);
`,
    });
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(calls.map((c) => `${c.library}:${c.target ?? '-'}:${c.service ?? '-'}`), ['axios:api.github.com:github', 'got:env:BILLING_URL:-', 'fetch:env:WEBHOOK_URL:-', 'node-http:hooks.slack.com:slack', 'fetch:-:-']);
    assert.ok(calls.every((c) => !c.tainted));
  });

  it('names SDK services and LLM calls', () => {
    const { facts } = runExtractor(extractor, {
      'src/services.ts': `import Stripe from 'stripe';
import OpenAI from 'openai';
import nodemailer from 'nodemailer';
import { SESClient } from '@aws-sdk/client-ses';
const stripe = new Stripe(process.env.STRIPE_KEY!);
const openai = new OpenAI();
const mail = nodemailer.createTransport({ host: 'smtp.sendgrid.net' });
const ses = new SESClient({});
export async function ask(q: string) {
  return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }], tools: [] });
}
`,
    });
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(calls.map((c) => c.service).sort(), ['aws-ses', 'openai', 'smtp', 'stripe']);
    assert.equal(calls.find((c) => c.service === 'smtp')?.target, 'smtp.sendgrid.net');
    const llm = facts.filter((f): f is LlmCallFact => f.kind === 'llm-call');
    assert.deepEqual(llm.map((l) => `${l.provider}:${l.tools}`), ['openai:true']);
  });

  it('names a directory server and push services', () => {
    const { facts } = runExtractor(extractor, {
      'server/auth/ldap.ts': "import ldap from 'ldapjs';\nexport function bind(url: string) { return ldap.createClient({ url: 'ldaps://ldap.example.org' }); }\n",
      'server/push.ts': "import webpush from 'web-push';\nexport function notify(sub, body) { return webpush.sendNotification(sub, body); }\n",
    });
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(calls.map((c) => `${c.service}:${c.protocol}:${c.target ?? '-'}`).sort(), ['ldap:ldap:ldap.example.org', 'web-push:https:-']);
  });

  it("follows a service's own fetch wrapper to a base URL kept in a class field", () => {
    const { facts } = runExtractor(extractor, {
      'apps/api/src/services/prices.service.ts': `export class PricesService {
  private apiUrl: string;
  private readonly statusUrl = 'https://status.example.net/v1';
  constructor(private readonly fetchService: FetchService, private readonly cache: Cache) {}
  onModuleInit() { this.apiUrl = 'https://api.coingecko.com/api/v3'; }
  quote(symbol: string) { return this.fetchService.fetch(\`\${this.apiUrl}/coins/\${symbol}\`); }
  status() { return this.fetchService.fetch(this.statusUrl); }
  cached(key: string) { return this.cache.fetch(key); }
  model() { return this.record.fetch(); }
}
`,
    });
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(calls.map((c) => `${c.library}:${c.target}:${c.evidence.line}`), ['fetch:api.coingecko.com:6', 'fetch:status.example.net:7']);
  });
});
