const { DataTypes } = require('sequelize');

module.exports = (sequelize) =>
  sequelize.define('Operator', {
    name: DataTypes.STRING,
    password: DataTypes.STRING,
  });
