// Test files compare with fixtures of their own: not reported.
function fakeGuard(req, res, next) {
  if (req.headers['x-api-key'] === 'test-key-123') return next();
}
module.exports = { fakeGuard };
