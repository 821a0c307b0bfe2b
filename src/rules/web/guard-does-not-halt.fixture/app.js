const express = require('express');
const session = require('express-session');
const products = require('./routes/products');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(express.urlencoded({ extended: false }));
app.use('', products);
app.listen(3000);
