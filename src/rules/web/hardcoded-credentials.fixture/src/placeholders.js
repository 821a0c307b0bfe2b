const OpenAI = require('openai');
const Stripe = require('stripe');
const { Resend } = require('resend');
const { NeynarAPIClient } = require('@neynar/nodejs-sdk');

// The fallback of a provider key that cannot be one: a bare key prefix, zeros, a prefix and a word.
const openai = new OpenAI({
  // ok: hardcoded-credentials
  apiKey: process.env.OPENAI_API_KEY || 'sk-proj-',
});
// ok: hardcoded-credentials
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY || 'sk_nothing');
// ok: hardcoded-credentials
const resend = new Resend(process.env.RESEND_API_KEY || 're_132');
const neynar = new NeynarAPIClient({
  // ok: hardcoded-credentials
  apiKey: process.env.NEYNAR_SECRET_KEY || '00000000-000-0000-000-000000000000',
});
// A key the app itself signs or checks with is the secret whatever it looks like.
// ruleid: hardcoded-credentials
const adminToken = process.env.ADMIN_API_TOKEN || 'admin_token_2024';

// Routes mapped to event names: the keys are routes, not credential names.
const hookEvents = {
  // ok: hardcoded-credentials
  'PATCH /users/:userId/password': 'User.Data.Updated',
  // ok: hardcoded-credentials
  'get /configs/id-token': 'GetIdTokenConfig',
};

// A synthetic principal's field set to a placeholder word.
const anonymous = {
  username: 'anonymous',
  // ok: hardcoded-credentials
  secret: 'unknown',
};

// A form field's sample value and its help text.
const samlForm = {
  key: 'privateKey',
  // ok: hardcoded-credentials
  placeholder: '-----BEGIN RSA PRIVATE KEY-----\n[private-key-content]\n-----END RSA PRIVATE KEY-----',
};

module.exports = { openai, stripe, resend, neynar, adminToken, hookEvents, anonymous, samlForm };
