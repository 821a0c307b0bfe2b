// A converter that builds its command line as one list and spreads it into spawn.
const express = require('express');
const { spawn } = require('child_process');

const app = express();
const CONVERTER = '/usr/bin/convert';

function commandLine(args) {
  return process.env.NICE ? ['nice', ['-n', '10', CONVERTER, ...args]] : [CONVERTER, args];
}

app.get('/convert', (req, res) => {
  const args = ['-resize', String(req.query.size), 'in.png', 'png:-'];
  // ok: command-injection
  const child = spawn(...commandLine(args), { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(res);
});

app.get('/convert/shell', (req, res) => {
  const args = ['-resize', String(req.query.size), 'in.png', 'png:-'];
  // ruleid: command-injection
  const child = spawn(...commandLine(args), { shell: true });
  child.stdout.pipe(res);
});

module.exports = app;
