const nodemailer = require('nodemailer');
const https = require('https');
const fs = require('fs');

module.exports.transport = nodemailer.createTransport({
  host: 'smtp.example.com',
  port: 587,
  // ruleid: tls-certificate-validation-disabled
  tls: { rejectUnauthorized: false },
});

module.exports.agent = new https.Agent({
  // ok: tls-certificate-validation-disabled
  ca: fs.readFileSync('certs/internal-ca.pem'),
});
