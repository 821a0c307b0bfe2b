module.exports = {
  db: {
    host: process.env.DB_HOST || 'localhost',
    user: 'app',
    // ruleid: hardcoded-credentials
    password: 'Pr0duction-Passw0rd!',
  },
  aws: {
    // ruleid: hardcoded-credentials
    accessKeyId: 'AKIAQ3EGXR7PLMN4T2VB',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  },
  mail: {
    // ok: hardcoded-credentials
    password: process.env.SMTP_PASSWORD,
  },
  form: {
    // ok: hardcoded-credentials
    passwordField: 'password',
  },
  // A literal fallback is the secret whenever the variable is unset.
  // ruleid: hardcoded-credentials
  sessionSecret: process.env.SESSION_SECRET || 'dev-secret',
  // A long phrase bound to a secret name is a passphrase, not a key name.
  // ruleid: hardcoded-credentials
  cookieSecret: 'my_cookie_signing_secret_value',
  // ok: hardcoded-credentials
  tokenCookie: 'access_token',
};
