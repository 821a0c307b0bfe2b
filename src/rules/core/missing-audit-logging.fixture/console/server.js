const express = require('express');

const app = express();

// The admin console's bundle: static files change nothing that would need an audit trail.
// ok: missing-audit-logging
app.use('/admin', express.static('admin-ui/dist'));

app.get('/health', (req, res) => res.json({ ok: true }));

app.listen(4003);
