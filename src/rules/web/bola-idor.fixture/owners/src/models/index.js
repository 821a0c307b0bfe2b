const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);
const db = {};
db.Account = sequelize.define('Account', { email: DataTypes.STRING, displayName: DataTypes.STRING, role: DataTypes.STRING });
db.Card = sequelize.define('Card', { accountId: DataTypes.INTEGER, last4: DataTypes.STRING });
db.sequelize = sequelize;

module.exports = db;
