// User-interface strings outside a locale folder: sentences and non-ASCII labels.
export const loginText = {
  title: 'Sign in to your workspace',
  hint: 'Use the password your administrator gave you',
  // ok: hardcoded-credentials
  adminPassword: 'Administratorkennwort',
  // ok: hardcoded-credentials
  apiKey: 'API-nøgle',
};

// A permission scope named after the resource it guards.
// ok: hardcoded-credentials
const apikey = 'apikeys:import';

// Publishable by design: PostHog project keys only ingest events.
// ok: hardcoded-credentials
const POSTHOG_API_KEY = 'phc_9CipPajQC22mSkk2wxe2TXsUA0Ysyupe8dt5KQQELqx';

export { apikey, POSTHOG_API_KEY };
