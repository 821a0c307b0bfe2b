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
};
