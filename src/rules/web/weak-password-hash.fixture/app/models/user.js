const security = require('../lib/security');

module.exports = (sequelize, DataTypes) =>
  sequelize.define('User', {
    email: DataTypes.STRING,
    avatarEtag: {
      type: DataTypes.STRING,
      set(image) {
        this.setDataValue('avatarEtag', security.fingerprint(image));
      },
    },
    password: {
      type: DataTypes.STRING,
      set(clearTextPassword) {
        this.setDataValue('password', security.digest(clearTextPassword));
      },
    },
  });
