const zxcvbn = require('zxcvbn');

// A strength estimator decides: the length check is only a first filter.
exports.validateNewPassword = (password) => {
  // ok: weak-password-policy
  if (password.length < 6) return false;
  return zxcvbn(password).score >= 3;
};
