// Third-party services recognised from SDK modules and API hosts.
export const SERVICE_HOSTS: [RegExp, string][] = [
  [/(^|\.)stripe\.com$/, 'stripe'],
  [/(^|\.)paypal\.com$/, 'paypal'],
  [/(^|\.)braintreegateway\.com$/, 'braintree'],
  [/(^|\.)twilio\.com$/, 'twilio'],
  [/(^|\.)sendgrid\.(com|net)$/, 'sendgrid'],
  [/(^|\.)mailgun\.(net|org)$/, 'mailgun'],
  [/(^|\.)slack\.com$/, 'slack'],
  [/(^|\.)openai\.com$/, 'openai'],
  [/(^|\.)anthropic\.com$/, 'anthropic'],
  [/(^|\.)github\.com$/, 'github'],
  [/(^|\.)googleapis\.com$/, 'google'],
  [/(^|\.)facebook\.com$/, 'facebook'],
  [/(^|\.)amazonaws\.com$/, 'aws'],
  [/(^|\.)azure\.com$|windows\.net$/, 'azure'],
  [/(^|\.)discord(app)?\.com$/, 'discord'],
  [/(^|\.)telegram\.org$/, 'telegram'],
  [/(^|\.)auth0\.com$/, 'auth0'],
  [/(^|\.)okta\.com$/, 'okta'],
  [/(^|\.)sentry\.io$/, 'sentry'],
  [/(^|\.)mailchimp\.com$|api\.mailchimp/, 'mailchimp'],
  [/(^|\.)hubapi\.com$/, 'hubspot'],
  [/(^|\.)algolia\.net$/, 'algolia'],
  [/(^|\.)cloudinary\.com$/, 'cloudinary'],
];

export function serviceOfHost(host: string | undefined): string | undefined {
  if (!host || host.startsWith('env:')) return undefined;
  return SERVICE_HOSTS.find(([re]) => re.test(host))?.[1];
}

/** SDK module → service, and whether constructing/calling it is an LLM provider. */
export const SDKS: { module: RegExp; service: string; llm?: boolean; protocol?: string }[] = [
  { module: /^stripe$/, service: 'stripe' },
  { module: /^@paypal\/|^paypal-rest-sdk$/, service: 'paypal' },
  { module: /^braintree$/, service: 'braintree' },
  { module: /^twilio$/, service: 'twilio' },
  { module: /^@sendgrid\/mail$|^@sendgrid\/client$|^sendgrid$/, service: 'sendgrid' },
  { module: /^mailgun\.js$|^mailgun-js$/, service: 'mailgun' },
  { module: /^nodemailer$/, service: 'smtp', protocol: 'smtp' },
  { module: /^@slack\/(web-api|webhook|bolt)$/, service: 'slack' },
  { module: /^openai$/, service: 'openai', llm: true },
  { module: /^@anthropic-ai\/sdk$/, service: 'anthropic', llm: true },
  { module: /^@google\/generative-ai$|^@google\/genai$/, service: 'google-gemini', llm: true },
  { module: /^@mistralai\/mistralai$/, service: 'mistral', llm: true },
  { module: /^cohere-ai$/, service: 'cohere', llm: true },
  { module: /^groq-sdk$/, service: 'groq', llm: true },
  { module: /^ollama$/, service: 'ollama', llm: true },
  { module: /^@langchain\/openai$/, service: 'openai', llm: true },
  { module: /^@langchain\/anthropic$/, service: 'anthropic', llm: true },
  { module: /^firebase-admin$/, service: 'google-firebase' },
  { module: /^googleapis$/, service: 'google' },
  { module: /^@octokit\/rest$|^@octokit\/core$|^octokit$/, service: 'github' },
  { module: /^@sentry\/node$/, service: 'sentry' },
  { module: /^algoliasearch$/, service: 'algolia' },
  { module: /^cloudinary$/, service: 'cloudinary' },
  { module: /^@auth0\//, service: 'auth0' },
  { module: /^@okta\//, service: 'okta' },
  // A directory server (LDAP sign-in) and the browsers' push services (endpoints the subscriber chose).
  { module: /^ldapjs$|^ldapts$/, service: 'ldap', protocol: 'ldap' },
  { module: /^web-push$/, service: 'web-push' },
];
