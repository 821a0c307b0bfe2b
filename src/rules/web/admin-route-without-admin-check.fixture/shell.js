// The administration front end's single-page shell, prepared once and sent to everyone; the API it
// calls is what needs the administrator check.
const express = require('express');
const fs = require('fs');
const path = require('path');

const shellDir = path.join(__dirname, 'public', 'console');
const shellHtml = fs.readFileSync(path.join(shellDir, 'index.html'), 'utf8');
const sendShell = (_req, res) => {
  res.setHeader('Cache-Control', 'no-cache');
  res.send(shellHtml);
};

const app = express();
// ok: admin-route-without-admin-check
app.get('/admin/console', sendShell);
// ok: admin-route-without-admin-check
app.use('/admin/console/*', sendShell);
// A handler that reads the request is an API, shell or not.
// ruleid: admin-route-without-admin-check
app.get('/admin/console-users', (req, res) => {
  res.send(shellHtml.replace('{{q}}', String(req.query.q)));
});
module.exports = app;
