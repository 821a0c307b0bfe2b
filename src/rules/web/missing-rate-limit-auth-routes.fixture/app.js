const express = require('express');
const authRoutes = require('./routes/auth');
const recordRoutes = require('./routes/records');

const app = express();
app.use(express.json());
app.use('/api/auth', authRoutes);
app.use('/api', recordRoutes);
module.exports = app;
