// The migration tool's connection settings for production.
module.exports = {
  production: {
    use_env_variable: 'DATABASE_URL',
    dialect: 'postgres',
    // ruleid: tls-certificate-validation-disabled
    dialectOptions: { ssl: { rejectUnauthorized: false } },
  },
};
