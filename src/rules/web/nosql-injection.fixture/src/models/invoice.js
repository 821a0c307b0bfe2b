const { Model } = require('objection');

class Invoice extends Model {
  static get tableName() {
    return 'invoices';
  }
}

module.exports = Invoice;
