const UserModel = require('./models/user');

module.exports = (app) => {
  app.get('/profile/page', async (req, res) => {
    const user = await UserModel.findByPk(req.session.userId);
    // A stored URL the user chose earlier becomes part of a security header.
    const csp = `img-src 'self' ${user.profileImage}; script-src 'self'`;
    // ruleid: http-header-injection
    res.set({ 'Content-Security-Policy': csp });
    // ok: http-header-injection
    res.set('Cache-Control', 'no-store');
    res.send('ok');
  });
};
