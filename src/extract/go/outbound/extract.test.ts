import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('HTTP calls with literal or environment targets, SMTP and SDK imports', () => {
  const { facts } = runExtractor(extractor, {
    'client.go': `package client
import (
	"net/http"
	"net/smtp"
	"os"
	"github.com/stripe/stripe-go/v76/charge"
)
func call() {
	http.Get("https://api.partner.example/v1/status")
	req, _ := http.NewRequest("POST", os.Getenv("BILLING_URL")+"/invoices", nil)
	http.Get(dynamicURL)
	smtp.SendMail("mail.example.com:587", nil, "a", nil, nil)
	charge.New(nil)
	_ = req
}
`,
  });
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((c) => `${c.protocol} ${c.library} ${c.target ?? '-'} ${c.service ?? '-'}`);
  assert.deepEqual(calls, ['https net/http https://api.partner.example -', 'https net/http env:BILLING_URL -', 'smtp net/smtp mail.example.com:587 smtp', 'https github.com/stripe/stripe-go/v76/charge - stripe']);
});
