function isBlockedIp(ip) {
  return /^(10\.|127\.|169\.254\.|192\.168\.)/.test(ip);
}
module.exports = { isBlockedIp };
