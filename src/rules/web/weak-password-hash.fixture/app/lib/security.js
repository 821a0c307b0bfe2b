const crypto = require('crypto');

// A generic helper: nothing here says "password", its callers do.
// ruleid: weak-password-hash
exports.digest = (data) => crypto.createHash('md5').update(data).digest('hex');

// ok: weak-password-hash
exports.fingerprint = (data) => crypto.createHash('sha256').update(data).digest('hex');
