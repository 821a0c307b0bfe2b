const { OpenAI } = require('openai');

// OpenAI-compatible SDKs demand a key even for local providers that check none.
const local = new OpenAI({
  baseURL: process.env.OLLAMA_BASE_PATH,
  // ok: hardcoded-credentials
  apiKey: process.env.OLLAMA_AUTH_TOKEN ?? 'not-used',
});

// A real-looking key as the fallback is still a credential.
const hosted = new OpenAI({
  // ruleid: hardcoded-credentials
  apiKey: process.env.HOSTED_API_KEY || 'hk_9f8a7b6c5d4e3f2a1b0c',
});

module.exports = { local, hosted };
