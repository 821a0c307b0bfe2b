// A second import in the same service: one finding per library and service.
// ok: unsafe-sandbox-library
const { NodeVM } = require('vm2');

module.exports = (expr) => new NodeVM().run(`module.exports = ${JSON.stringify(expr)}`);
