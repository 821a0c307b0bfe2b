// Private key headers: a key only with its body.

function checkKeyFile(key) {
  if (!/BEGIN [A-Z ]*PRIVATE KEY/.test(key)) {
    // ok: hardcoded-credentials
    throw new Error("The file should begin with something like '-------BEGIN RSA PRIVATE KEY-------'.");
  }
  // ok: hardcoded-credentials
  return key.includes('-----BEGIN PRIVATE KEY-----');
}

// ruleid: hardcoded-credentials
const signingKey = '-----BEGIN RSA PRIVATE KEY-----\n' +
  'MIICXAIBAAKBgQDNwqLEe9wgTXCbC7RPdDbBbeqjdbs4kOPOIGzqLpXvJXlxxW8iMz0EaM4BKUqYsIa\n' +
  '-----END RSA PRIVATE KEY-----';

module.exports = { checkKeyFile, signingKey };
