const express = require('express');
const finale = require('finale-rest');
const { expressjwt } = require('express-jwt');

const app = express();
const isAuthorized = () => expressjwt({ secret: process.env.JWT_PUBLIC_KEY, algorithms: ['RS256'] });

// ruleid: bola-idor
app.use('/api/Notes/:id', isAuthorized());
// ok: bola-idor
app.use('/api/Tags/:id', isAuthorized());

finale.initialize({ app, sequelize });
for (const { name, model } of [
  { name: 'Note', model: NoteModel },
  { name: 'Tag', model: TagModel },
]) {
  finale.resource({ model, endpoints: [`/api/${name}s`, `/api/${name}s/:id`] });
}

module.exports = app;
