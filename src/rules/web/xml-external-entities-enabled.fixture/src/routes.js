const express = require('express');
const libxmljs = require('libxmljs2');

const app = express();
app.use(express.text({ type: 'application/xml' }));

// Request XML reaches the parser: `xxe` reports the flow, this rule does not repeat it.
app.post('/import', (req, res) => {
  // ok: xml-external-entities-enabled
  const doc = libxmljs.parseXml(req.body, { noent: true });
  res.json({ root: doc.root().name() });
});

module.exports = app;
