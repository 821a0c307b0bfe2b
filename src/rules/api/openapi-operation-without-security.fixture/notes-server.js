const express = require('express');
const { expressjwt } = require('express-jwt');

const app = express();
const requireUser = expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] });
app.put('/api/notes/:id', requireUser, (req, res) => res.json({ id: req.params.id }));
app.listen(3000);
