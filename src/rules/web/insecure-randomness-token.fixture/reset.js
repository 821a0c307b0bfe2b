const crypto = require('crypto');

function createResetToken() {
  // ruleid: insecure-randomness-token
  return Math.random().toString(36).slice(2);
}

function sendOtp(user) {
  // ruleid: insecure-randomness-token
  const otp = Math.floor(100000 + Math.random() * 900000);
  return { to: user.phone, otp };
}

function retryDelay(attempt) {
  // ok: insecure-randomness-token
  return 2 ** attempt * 100 + Math.random() * 50;
}

function createSessionId() {
  // ok: insecure-randomness-token
  return crypto.randomBytes(32).toString('hex');
}

// The function is about sessions; the value is a colour it picks.
function addUserSession(session) {
  // ok: insecure-randomness-token
  session.user.profileColor = 1 + Math.floor(Math.random() * 5);
  // ruleid: insecure-randomness-token
  session.token = Math.random().toString(36).slice(2);
  return session;
}

module.exports = { createResetToken, sendOtp, retryDelay, createSessionId, addUserSession };
