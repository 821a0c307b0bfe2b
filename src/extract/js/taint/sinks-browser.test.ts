// Headless browsers and HTML-to-PDF converters as SSRF sinks: the URL they load, the markup they render.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from './support.test.js';

describe('extract/js/taint headless-browser sinks', () => {
  it('reports URLs and markup with request data that a headless browser loads', () => {
    assert.deepEqual(
      scan(`
const puppeteer = require('puppeteer');
const htmlToPdf = require('html-pdf-node');
const escape = require('escape-html');
app.get('/shot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.goto(req.query.url);
  await page.goto('https://example.com/report/' + req.query.id);
  await page.setContent('<h1>' + req.query.title + '</h1>');
  await page.setContent('<h1>' + escape(req.query.safe) + '</h1>');
  await htmlToPdf.generatePdf({ url: req.body.target }, {});
  await htmlToPdf.generatePdf({ content: \`<p>\${req.body.note}</p>\` }, {});
  await htmlToPdf.generatePdf({ url: \`http://localhost:3000/ticket?name=\${req.query.name}\` }, {});
});
`),
      [
        'ssrf html-pdf-node.generatePdf req.body.note @13',
        'ssrf html-pdf-node.generatePdf req.body.target @12',
        'ssrf page.goto req.query.url @8',
        'ssrf page.setContent req.query.title @10',
      ],
    );
  });
});
