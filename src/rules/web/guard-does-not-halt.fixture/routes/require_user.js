// Throws when nobody is signed in: the handler that calls it stops there.
module.exports = function requireUser(req) {
  if (!req.session.userId) {
    throw new Error('You are not logged in.');
  }
};
