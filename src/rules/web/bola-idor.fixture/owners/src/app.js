const express = require('express');
const passport = require('passport');
const accounts = require('./routes/accounts');

const app = express();
app.use(express.json());
app.use(passport.initialize());
app.use('/api/accounts', accounts);
app.listen(3000);
