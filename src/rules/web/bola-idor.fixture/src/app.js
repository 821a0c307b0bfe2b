const express = require('express');
const { requireAuth } = require('./middleware/auth');
const orders = require('./routes/orders');
const products = require('./routes/products');
const invoices = require('./routes/invoices');
const reviews = require('./routes/reviews');
const backoffice = require('./routes/backoffice');

const app = express();
app.use(express.json());
app.use('/api/orders', requireAuth, orders);
app.use('/api/products', requireAuth, products);
app.use('/api/invoices', requireAuth, invoices);
app.use('/api/reviews', requireAuth, reviews);
app.use('/admin', requireAuth, backoffice);
module.exports = app;
