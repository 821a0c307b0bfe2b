// Which group each setting is stored under: a lookup table of a few category names.
const groupOf = {
  title: 'site',
  description: 'site',
  logo: 'site',
  is_private: 'private',
  // ok: hardcoded-credentials
  password: 'private',
  public_hash: 'private',
  members_signup: 'members',
  members_from: 'members',
  labs: 'labs',
};

// A database account whose password repeats its user name is still a hard-coded password.
const reportingDb = {
  host: 'db.internal',
  port: '5432',
  user: 'reporting',
  // ruleid: hardcoded-credentials
  password: 'reporting',
  database: 'reports',
  schema: 'public',
};

// Environment defaults: mostly blanks and one name repeated, which looks like a category table,
// but the password is the account's own name.
const envDefaults = {
  DB_CLIENT: 'pg',
  // ruleid: hardcoded-credentials
  POSTGRES_PASSWORD: 'ledger',
  POSTGRES_DATABASE: 'ledger',
  POSTGRES_USER: 'ledger',
  POSTGRES_HOST: '',
  POSTGRES_CONNECTION_STRING: '',
  MAILER_HOST: '',
  MAILER_FROM: '',
};

module.exports = { groupOf, reportingDb, envDefaults };
