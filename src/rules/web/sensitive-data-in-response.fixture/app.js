const express = require('express');
const session = require('express-session');
const admin = require('./routes/admin');
const status = require('./routes/status');
const tickets = require('./routes/tickets');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use('/admin', admin);
app.use('/status', status);
app.use('/tickets', tickets);

app.listen(3000);
