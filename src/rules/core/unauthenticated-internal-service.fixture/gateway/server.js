const express = require('express');
const passport = require('passport');

const app = express();
app.use(express.json());

// ok: unauthenticated-internal-service
app.get('/balance', passport.authenticate('jwt', { session: false }), async (req, res) => {
  const response = await fetch(`${process.env.LEDGER_URL}/accounts/${req.user.id}`);
  res.json(await response.json());
});

app.listen(8080);
