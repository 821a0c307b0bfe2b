const express = require('express');
const passport = require('passport');
const invoices = require('./routes/invoices');
const credentials = require('./routes/credentials');

const app = express();
app.use(express.json());
app.use('/api/invoices', passport.authenticate('jwt', { session: false }), invoices);
app.use('/api/public', credentials);
app.listen(3000);
