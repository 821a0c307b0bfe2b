const { DataTypes } = require('sequelize');

module.exports = (sequelize) => ({
  AccountModel: sequelize.define('Account', { email: DataTypes.STRING, role: DataTypes.STRING }),
  TagModel: sequelize.define('Tag', { label: DataTypes.STRING }),
});
