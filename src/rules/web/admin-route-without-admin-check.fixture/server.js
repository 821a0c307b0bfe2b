const express = require('express');
const { authenticate } = require('./middleware/auth');
const adminRoutes = require('./routes/admin');
const reports = require('./routes/reports');
const { SettingsController } = require('./controllers/settings');

const app = express();
app.use('/admin', authenticate, adminRoutes);
app.use('/admin/reports', authenticate, reports);
app.use('/admin/settings', authenticate, new SettingsController().router);
module.exports = app;
