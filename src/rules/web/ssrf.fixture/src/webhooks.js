const got = require('got');

async function deliver(hook, payload) {
  // ruleid: ssrf
  return got.post(hook.callbackUrl, { json: payload });
}

module.exports = function register(app) {
  app.post('/webhooks/test', async (req, res) => {
    await deliver(req.body, { ping: true });
    res.status(204).end();
  });
};
