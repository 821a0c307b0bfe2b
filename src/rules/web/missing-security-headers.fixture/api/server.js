const express = require('express');

// ruleid: missing-security-headers
const app = express();
app.use(express.json());
app.get('/orders', (req, res) => res.json([]));
app.listen(3000);
