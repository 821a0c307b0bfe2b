const util = require('util');

const config = {
  port: process.env.PORT || 3000,
  cookieSecret: process.env.COOKIE_SECRET,
  dbUrl: process.env.DATABASE_URL,
};

// ruleid: sensitive-data-in-logs
console.log(util.inspect(config, false, null));
// ok: sensitive-data-in-logs
console.log(`listening on ${config.port}`);

module.exports = config;
