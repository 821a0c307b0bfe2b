const User = require('../models/user');

async function retrieveUserList(req, res) {
  const users = await User.findAll();
  res.json({ data: users.map((user) => ({ ...user.dataValues, password: '***' })) });
}

module.exports = () => retrieveUserList;
