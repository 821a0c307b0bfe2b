const bookshelf = require('../db');

const AccessToken = bookshelf.Model.extend({
  tableName: 'access_tokens',
  owner() {
    return this.belongsTo('Account', 'account_id');
  },
});

module.exports = { AccessToken: bookshelf.model('AccessToken', AccessToken) };
