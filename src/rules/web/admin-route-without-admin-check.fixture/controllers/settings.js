const { Controller, NONE } = require('./controller');
class SettingsController extends Controller {
  constructor() {
    super();
    // ok: admin-route-without-admin-check
    this.route({ method: 'put', path: '/smtp', handler: this.update, permission: 'UPDATE_SETTINGS' });
    // ruleid: admin-route-without-admin-check
    this.route({ method: 'delete', path: '/smtp', handler: this.remove, permission: NONE });
  }
  update(req, res) { res.json({}); }
  remove(req, res) { res.json({}); }
}
module.exports = { SettingsController };
