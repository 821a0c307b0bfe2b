const express = require('express');
const puppeteer = require('puppeteer');
const htmlToPdf = require('html-pdf-node');
const escapeHtml = require('escape-html');

const app = express();

app.get('/pdf/from-url', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ruleid: ssrf
  await page.goto(req.query.url);
  res.send(await page.pdf());
});

app.post('/pdf/invoice', async (req, res) => {
  // Markup with request data: an <iframe src="file:///etc/passwd"> is fetched by the renderer.
  // ruleid: ssrf
  const pdf = await htmlToPdf.generatePdf({ content: `<h1>Invoice for ${req.body.name}</h1>` }, { format: 'A4' });
  res.send(pdf);
});

app.post('/pdf/escaped', async (req, res) => {
  // ok: ssrf
  const pdf = await htmlToPdf.generatePdf({ content: `<h1>Invoice for ${escapeHtml(req.body.name)}</h1>` }, { format: 'A4' });
  res.send(pdf);
});

app.get('/pdf/report', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ok: ssrf
  await page.goto(`https://reports.example.com/view/${encodeURIComponent(req.query.id)}`);
  res.send(await page.pdf());
});
