const axios = require('axios');
const config = require('../config');

const sendgrid = axios.create({
  baseURL: 'https://api.sendgrid.com/v3',
  timeout: 5000,
  headers: { Authorization: `Bearer ${config.mail.sendgridApiKey}` },
});

async function send(to, subject, text) {
  await sendgrid.post('/mail/send', {
    personalizations: [{ to: [{ email: to }] }],
    from: { email: config.mail.from, name: 'Shop' },
    subject,
    content: [{ type: 'text/plain', value: text }],
  });
}

function sendPasswordReset(to, link) {
  return send(
    to,
    'Reset your shop password',
    `Someone asked to reset the password of your shop account.\n\n` +
      `Open ${link} within the next hour to choose a new one. ` +
      `If it was not you, ignore this email.`
  );
}

module.exports = { send, sendPasswordReset };
