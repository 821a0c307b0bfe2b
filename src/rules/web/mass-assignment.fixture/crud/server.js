const express = require('express');
const finale = require('finale-rest');

const app = express();
app.use(express.json());
finale.initialize({ app, sequelize });

// Generated create/update endpoints take every attribute from the body, `role` included.
// ruleid: mass-assignment
finale.resource({ model: AccountModel, endpoints: ['/api/accounts', '/api/accounts/:id'] });
// ok: mass-assignment
finale.resource({ model: TagModel, endpoints: ['/api/tags', '/api/tags/:id'] });

module.exports = app;
