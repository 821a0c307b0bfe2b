const bcrypt = require('bcrypt');
const store = new Map();
exports.verify = async (name, password) => {
  const user = store.get(name);
  return user && (await bcrypt.compare(password, user.hash)) ? user : null;
};
exports.send = (user, msg) => store.get(user.name)?.inbox.push(msg);
