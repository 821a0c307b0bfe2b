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
  // The PDF of a page is no content the client chose: res.send of it is no reflected markup.
  res.send(await htmlToPdf.generatePdf({ url: \`http://localhost:3000/ticket?name=\${req.query.name}\` }, {}));
});
`),
      [
        'ssrf html-pdf-node.generatePdf HTML req.body.note @13',
        // A page of this server with the data in its query: the ssrf rule asks whether it prints it raw.
        'ssrf html-pdf-node.generatePdf page /ticket req.query.name @15',
        'ssrf html-pdf-node.generatePdf req.body.target @12',
        'ssrf page.goto req.query.url @8',
        'ssrf page.setContent HTML req.query.title @10',
      ],
    );
  });

  it('reads PhantomJS pages and node-html-to-image templates; sanitised markup is no sink', () => {
    assert.deepEqual(
      scan(`
const phantom = require('phantom');
const nodeHtmlToImage = require('node-html-to-image');
const DOMPurify = require('isomorphic-dompurify');
const sanitizeHtml = require('sanitize-html');
app.post('/render', async (req, res) => {
  const instance = await phantom.create();
  const page = await instance.createPage();
  await page.open(req.body.url);
  await page.open('https://example.com/r?id=' + req.body.id);
  await page.property('content', '<p>' + req.body.bio + '</p>');
  await page.property('viewportSize', req.body.size);
  await nodeHtmlToImage({ html: '<p>' + req.body.note + '</p>' });
  await nodeHtmlToImage({ html: '<p>{{name}}</p>', content: { name: req.body.name } });
  await page.setContent('<h1>' + DOMPurify.sanitize(req.body.a) + '</h1>');
  await page.setContent('<h1>' + sanitizeHtml(req.body.b) + '</h1>');
  await page.open('http://127.0.0.1:' + port + '/invoice/' + req.body.id + '?lang=en');
  await page.open('https://reports.example.com/invoice?name=' + req.body.name);
});
`),
      [
        "ssrf node-html-to-image HTML req.body.note @13",
        "ssrf phantom.open page /invoice/ req.body.id @17",
        "ssrf phantom.open req.body.url @9",
        "ssrf phantom.property('content') HTML req.body.bio @11",
      ],
    );
  });
});
