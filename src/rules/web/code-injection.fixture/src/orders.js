const vm = require('vm');
const safeEval = require('notevil');
const UserModel = require('./models/user');

module.exports = (app) => {
  // The code is constant, but it evaluates a request value placed in the sandbox.
  app.post('/orders', (req, res) => {
    const sandbox = { safeEval, lines: req.body.lines, total: 0 };
    vm.createContext(sandbox);
    // ruleid: code-injection
    vm.runInContext('safeEval(lines)', sandbox, { timeout: 2000 });
    // ok: code-injection
    vm.runInContext('total = total + 1', sandbox);
    res.json({ ok: true });
  });

  // Second order: a stored field the user chose earlier is evaluated (low confidence).
  app.get('/greeting', async (req, res) => {
    const user = await UserModel.findByPk(req.session.userId);
    // ruleid: code-injection
    const greeting = eval(user.greetingExpr);
    res.json({ greeting });
  });
};
