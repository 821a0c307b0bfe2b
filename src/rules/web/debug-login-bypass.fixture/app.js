var express = require('express');
var session = require('express-session');
var config = require('./config');
var auth = require('./middlewares/auth');

var app = express();
app.use(require('cookie-parser')());
app.use(session({ secret: config.session_secret, resave: false, saveUninitialized: false }));
app.use(auth.authUser);
app.get('/me', function (req, res) { res.json(req.session.user || null); });

app.listen(3000);
