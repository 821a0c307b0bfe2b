const express = require('express');
const session = require('express-session');
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;

passport.use('login', new LocalStrategy((username, password, done) => done(null, { id: 1 })));
const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());

// Passport before 0.6 keeps the pre-login session id.
// ruleid: session-fixation-or-insecure-session-config
app.post('/login', passport.authenticate('login', { successRedirect: '/', failureRedirect: '/login' }));

// A token login that never touches the session.
// ok: session-fixation-or-insecure-session-config
app.post('/api/login', passport.authenticate('login', { session: false }), (req, res) => res.json({ token: sign(req.user) }));

function sign() { return 't'; }
app.listen(3000);
