const express = require('express');

const app = express();
app.use(express.json());
const accounts = new Map();

// ruleid: unauthenticated-internal-service
app.get('/accounts/:id', (req, res) => {
  res.json(accounts.get(req.params.id) ?? { balance: 0 });
});

app.post('/accounts/:id/credit', (req, res) => {
  const account = accounts.get(req.params.id) ?? { balance: 0 };
  account.balance += Number(req.body.amount);
  accounts.set(req.params.id, account);
  res.json(account);
});

app.listen(9000);
