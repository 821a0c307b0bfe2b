const express = require('express');
const { exec, execFile, spawn } = require('child_process');
const util = require('util');

const execAsync = util.promisify(exec);
const app = express();
const ALLOWED_TOOLS = ['uptime', 'df'];

app.get('/ping', (req, res) => {
  // ruleid: command-injection
  exec(`ping -c 1 ${req.query.host}`, (err, out) => res.type('text/plain').send(out));
});

app.get('/ping/v2', (req, res) => {
  // ok: command-injection
  execFile('ping', ['-c', '1', req.query.host], (err, out) => res.type('text/plain').send(out));
});

app.get('/tool', async (req, res) => {
  const tool = req.query.tool;
  if (!ALLOWED_TOOLS.includes(tool)) return res.status(400).end();
  // ok: command-injection
  const { stdout } = await execAsync(tool);
  res.type('text/plain').send(stdout);
});

app.post('/archive', (req, res) => {
  // ruleid: command-injection
  const child = spawn('tar', ['czf', 'out.tgz', req.body.dir], { shell: true });
  child.on('close', () => res.end());
});

app.get('/status', (req, res) => {
  // ok: command-injection
  exec('uptime', (err, out) => res.type('text/plain').send(out));
});

function convert(file) {
  // ruleid: command-injection
  return execAsync('convert ' + file + ' out.png');
}

app.post('/convert', (req, res) => {
  convert(req.body.file).then(() => res.end());
});

module.exports = app;
