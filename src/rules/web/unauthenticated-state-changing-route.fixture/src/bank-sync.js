// A bank-sync route that needs nothing from the client: it exchanges the stored setup token for a
// key and keeps it. No sign-up form, whatever its path says.
const express = require('express');
const vault = require('./vault');

const app = express();
app.use(express.json());

// ruleid: unauthenticated-state-changing-route
app.post('/bank/accounts', async (req, res) => {
  const key = await exchange(vault.read('setup-token'));
  vault.write('bank-key', key);
  res.json({ ok: true });
});

// Signing out ends whatever session the caller has; without one it changes nothing.
// ok: unauthenticated-state-changing-route
app.delete('/session', (req, res) => {
  req.session.destroy(() => res.sendStatus(204));
});

async function exchange(token) { return `${token}-key`; }

module.exports = app;
