const express = require('express');
const session = require('express-session');
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;

passport.use('login', new LocalStrategy((username, password, done) => done(null, { id: 1 })));
const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());

// Passport 0.6 and later regenerate the session in req.login.
// ok: session-fixation-or-insecure-session-config
app.post('/login', passport.authenticate('login', { successRedirect: '/', failureRedirect: '/login' }));
app.listen(3000);
