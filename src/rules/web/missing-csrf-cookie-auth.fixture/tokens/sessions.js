const byToken = new Map();
exports.get = (token) => byToken.get(token);
