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

module.exports = { createResetToken, sendOtp, retryDelay, createSessionId };
