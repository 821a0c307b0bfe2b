const express = require('express');
const puppeteer = require('puppeteer');
const htmlToPdf = require('html-pdf-node');
const escapeHtml = require('escape-html');
const phantom = require('phantom');
const nodeHtmlToImage = require('node-html-to-image');
const DOMPurify = require('isomorphic-dompurify');

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

const REPORT_HOSTS = new Set(['reports.example.com']);

app.get('/pdf/allowed', async (req, res) => {
  const target = new URL(req.query.url);
  if (!REPORT_HOSTS.has(target.hostname)) return res.status(400).end();
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ok: ssrf
  await page.goto(target.href);
  res.send(await page.pdf());
});

app.post('/pdf/letter', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ruleid: ssrf
  await page.setContent(`<article>${req.body.letter}</article>`);
  res.send(await page.pdf());
});

app.post('/pdf/letter/clean', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ok: ssrf
  await page.setContent(`<article>${DOMPurify.sanitize(req.body.letter)}</article>`);
  res.send(await page.pdf());
});

app.get('/snapshot', async (req, res) => {
  const instance = await phantom.create();
  const page = await instance.createPage();
  // ruleid: ssrf
  await page.open(req.query.page);
  res.send(await page.renderBase64('PNG'));
});

app.post('/card', async (req, res) => {
  // ruleid: ssrf
  const image = await nodeHtmlToImage({ html: `<div class="card">${req.body.greeting}</div>` });
  // Handlebars escapes `content` values printed with {{ }}.
  // ok: ssrf
  const safe = await nodeHtmlToImage({ html: '<div class="card">{{greeting}}</div>', content: { greeting: req.body.greeting } });
  res.type('png').send(image || safe);
});

// Pages of this server rendered to PDF by a headless browser, with request data in their query.
const PORT = process.env.PORT || 3000;

app.get('/tickets/preview', (req, res) => {
  res.send(`<h1>Ticket for ${req.query.name}</h1>`);
});

app.get('/tickets/pdf', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // The preview prints the name unescaped: <iframe src=file:///etc/passwd> lands in the PDF.
  // ruleid: ssrf
  await page.goto(`http://localhost:${PORT}/tickets/preview?name=${req.query.name}`);
  res.send(await page.pdf());
});

app.get('/receipts/preview', (req, res) => {
  res.send(`<h1>Receipt for ${escapeHtml(req.query.name)}</h1>`);
});

app.get('/receipts/pdf', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ok: ssrf
  await page.goto(`http://localhost:${PORT}/receipts/preview?name=${req.query.name}`);
  res.send(await page.pdf());
});
