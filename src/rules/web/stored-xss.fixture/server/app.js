const express = require('express');
const swig = require('swig-templates');
const nunjucks = require('nunjucks');

const app = express();
app.engine('html', swig.renderFile);
// ruleid: stored-xss
swig.setDefaults({ autoescape: false });
// ok: stored-xss
nunjucks.configure('views', { autoescape: true, express: app });

app.get('/posts/:id', async (req, res) => res.render('post', { post: await Post.findByPk(req.params.id) }));

module.exports = app;
