// Migrations only: the settings module demands a JWT secret, so the tool gets a stand-in (low,
// _secret-default-rating.test.ts).
if (!process.env.JWT_SECRET) {
  // ruleid: hardcoded-credentials
  process.env.JWT_SECRET = 'securekey';
}

module.exports = {
  client: 'pg',
  // The database the migrations log into is the app's: its password is a credential in use.
  // ruleid: hardcoded-credentials
  connection: { host: 'db', user: 'app', password: 'Migr4te-2024!' },
};
