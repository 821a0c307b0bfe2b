const crypto = require('crypto');
const settings = require('./settings');

// Encrypts API tokens with a key from the settings, or the literal when the setting is missing.
const encode = function (data, password) {
  const cipher = crypto.createCipher('aes192', password);
  return cipher.update(data, 'utf-8', 'hex') + cipher.final('hex');
};

// ruleid: hardcoded-credentials
const defaultSalt = 'abcde';

exports.getToken = function getToken(token, uid) {
  settings.web.passsalt = settings.web.passsalt || defaultSalt;
  return encode(uid + '|' + token, settings.web.passsalt);
};

// A label fallback that no key is made from.
// ok: hardcoded-credentials
const defaultTitle = 'untitled';
exports.title = (doc) => doc.title || defaultTitle;

// An HMAC keyed with a setting that has no literal fallback.
exports.sign = (body) => crypto.createHmac('sha256', settings.web.hmacKey).update(body).digest('hex');
