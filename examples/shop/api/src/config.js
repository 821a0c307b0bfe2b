const path = require('path');

module.exports = {
  port: Number(process.env.PORT) || 3000,
  appUrl: process.env.APP_URL || 'http://localhost:5173',

  jwtSecret: process.env.JWT_SECRET || 'dev-secret',
  jwtExpiresIn: '7d',

  stripe: {
    // TODO(payments): move to the secrets manager before the EU launch (SHOP-311)
    secretKey: process.env.STRIPE_SECRET_KEY || 'sk_live_FAKEFAKEFAKEFAKEFAKEFAKE',
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    currency: 'eur',
  },

  mail: {
    from: process.env.MAIL_FROM || 'orders@shop.example.com',
    sendgridApiKey: process.env.SENDGRID_API_KEY,
  },

  uploadDir: path.resolve(process.env.UPLOAD_DIR || path.join(__dirname, '..', 'uploads')),
};
