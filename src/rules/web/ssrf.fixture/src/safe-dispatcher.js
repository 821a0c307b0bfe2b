const { Agent } = require('undici');
const dns = require('node:dns');
const net = require('node:net');
const { isBlockedIp } = require('./ip-rules');

// Every resolved address is checked, and the connection goes to that same address.
function safeLookup(hostname, options, callback) {
  if (net.isIP(hostname) && isBlockedIp(hostname)) return callback(new Error('Blocked IP'), '', 0);
  dns.lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, '', 0);
    if (isBlockedIp(address)) return callback(new Error('Blocked IP'), '', 0);
    callback(null, address, family);
  });
}

const safeDispatcher = new Agent({ connect: { lookup: safeLookup } });
const keepAliveDispatcher = new Agent({ keepAliveTimeout: 10000 });

module.exports = { safeDispatcher, keepAliveDispatcher };
