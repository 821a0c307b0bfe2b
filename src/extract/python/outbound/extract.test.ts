import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('HTTP clients, gRPC channels, SMTP and SDKs of named services', () => {
  const { facts } = runExtractor(extractor, {
    'client.py': `import os, grpc, requests, smtplib, stripe
import httpx
PAYMENTS = os.environ["PAYMENTS_URL"]
requests.post(PAYMENTS + "/charge", json={})
httpx.get("https://api.github.com/repos")
requests.get(url_from_db)
channel = grpc.insecure_channel("checkout:5050")
local = grpc.insecure_channel("[::]:8080")
smtplib.SMTP("mail.example.com", 587)
stripe.Charge.create(amount=1)
stripe.Refund.create(charge="x")
`,
  });
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((f) => `${f.protocol} ${f.library} ${f.target ?? '-'} ${f.service ?? '-'}`);
  assert.deepEqual(calls, ['https requests env:PAYMENTS_URL -', 'https httpx https://api.github.com -', 'grpc grpcio grpc://checkout:5050 -', 'grpc grpcio - -', 'smtp smtplib smtp://mail.example.com smtp', 'https stripe - stripe']);
  assert.ok(facts.every((f) => f.kind !== 'outbound-call' || f.tainted === false));
});
