const passport = require('passport');

const GRANTS = { member: [], manager: ['readAccounts', 'manageAccounts'] };

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Runs after the JWT strategy: signed in, then either holds every grant or owns the account in the path.
const afterToken = (req, resolve, reject, needed) => async (err, account) => {
  if (err || !account) return reject(new HttpError(401, 'Sign in first'));
  req.user = account;
  const allowed = needed.every((grant) => GRANTS[account.role].includes(grant));
  if (!allowed && req.params.accountId !== String(account.id)) return reject(new HttpError(403, 'Not yours'));
  resolve();
};

const requireAccess = (...needed) => (req, res, next) =>
  new Promise((resolve, reject) => {
    passport.authenticate('jwt', { session: false }, afterToken(req, resolve, reject, needed))(req, res, next);
  }).then(() => next(), next);

module.exports = { requireAccess };
