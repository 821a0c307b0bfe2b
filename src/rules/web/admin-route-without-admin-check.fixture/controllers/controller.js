// Controller base class: routes declared by subclasses with a permission the base class checks.
const { Router } = require('express');
const NONE = 'NONE';
const checkPermission = (permission) => (req, res, next) => {
  if (permission === NONE || (req.user && req.user.permissions.includes(permission))) return next();
  return res.status(403).end();
};
class Controller {
  constructor() { this.app = Router(); }
  route(options) {
    this.app[options.method](options.path, checkPermission(options.permission), options.handler.bind(this));
  }
  get router() { return this.app; }
}
module.exports = { Controller, NONE };
