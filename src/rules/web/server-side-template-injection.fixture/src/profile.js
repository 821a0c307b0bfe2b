const pug = require('pug');
const fs = require('fs');
const UserModel = require('./models/user');

module.exports = (app) => {
  app.get('/profile', async (req, res) => {
    const user = await UserModel.findByPk(req.session.userId);
    let template = fs.readFileSync('views/profile.pug', 'utf8');
    template = template.replace(/_username_/g, user.username);
    // ruleid: server-side-template-injection
    const render = pug.compile(template);
    // ok: server-side-template-injection
    const layout = pug.compile(fs.readFileSync('views/layout.pug', 'utf8'));
    res.send(layout({ body: render(user) }));
  });
};
