const express = require('express');
// ruleid: unsafe-sandbox-library
const { VM } = require('vm2');
const ivm = require('isolated-vm');

const app = express();
app.use(express.json());

app.post('/run', (req, res) => {
  const vm = new VM({ timeout: 1000, sandbox: {} });
  res.json({ result: vm.run(String(req.body.code)) });
});

app.post('/v2/run', async (req, res) => {
  const isolate = new ivm.Isolate({ memoryLimit: 16 });
  const context = await isolate.createContext();
  // ok: unsafe-sandbox-library
  res.json({ result: await context.eval(String(req.body.code), { timeout: 1000 }) });
});

module.exports = app;
