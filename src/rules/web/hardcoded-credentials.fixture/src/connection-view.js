// Hides the secrets of a stored connection before it is sent to the browser.
function withoutSecrets(connection) {
  const value = { ...connection.value };
  // ok: hardcoded-credentials
  value.client_secret = '(REDACTED)';
  // ok: hardcoded-credentials
  value.refresh_token = '[redacted]';
  return { ...connection, value };
}

module.exports = { withoutSecrets };
