require('dotenv').config();

const express = require('express');
const cors = require('cors');
const cookieParser = require('cookie-parser');
const helmet = require('helmet');

const config = require('./config');
const requestLogger = require('./middleware/requestLogger');
const authRoutes = require('./routes/auth');
const productRoutes = require('./routes/products');
const orderRoutes = require('./routes/orders');
const uploadRoutes = require('./routes/uploads');
const adminRoutes = require('./routes/admin');
const webhookRoutes = require('./routes/webhooks');

const app = express();

app.set('trust proxy', 1);
app.use(helmet());
// The storefront, the admin pages and the mobile app's web views all live on
// different origins, and they all send the session cookie.
app.use(cors({ origin: true, credentials: true }));

// Needs the raw body for Stripe signatures, so it goes before the JSON parser.
app.use('/api/webhooks', webhookRoutes);

app.use(express.json({ limit: '1mb' }));
app.use(express.urlencoded({ extended: false }));
app.use(cookieParser());
app.use(requestLogger);

app.get('/healthz', (req, res) => {
  res.json({ ok: true });
});

app.use('/api/auth', authRoutes);
app.use('/api/products', productRoutes);
app.use('/api/orders', orderRoutes);
app.use('/api/uploads', uploadRoutes);
app.use('/api/admin', adminRoutes);

// Handy while wiring up the compose stack. TODO: remove before go-live.
app.get('/api/debug/env', (req, res) => {
  res.json({ node: process.version, uptime: process.uptime(), env: process.env });
});

app.use((req, res) => {
  res.status(404).json({ error: 'not found' });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).json({ error: err.message, stack: err.stack });
});

app.listen(config.port, () => {
  console.log(`shop api listening on port ${config.port}`);
});
