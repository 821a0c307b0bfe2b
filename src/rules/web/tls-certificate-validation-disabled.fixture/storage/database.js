const { Sequelize } = require('sequelize');

// The runtime connection to the same database: one weakness with the migration config, reported
// once, on the first file.
module.exports = new Sequelize(process.env.DATABASE_URL, {
  // ok: tls-certificate-validation-disabled
  dialectOptions: { ssl: { rejectUnauthorized: false } },
});
