import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sinkFacts } from './support.test.js';

describe('extract/js/taint: constructors, fetched content, typed handlers, views', () => {
  it('follows a handler into a DAO built by a constructor function exported in an object', () => {
    const facts = sinkFacts({
      'app/routes/session.js': `
const UserDAO = require('../data/user-dao').UserDAO;
function SessionHandler(db) {
  const userDAO = new UserDAO(db);
  this.login = (req, res, next) => {
    const { userName } = req.body;
    userDAO.validate(userName, (err, user) => res.redirect('/'));
  };
}
module.exports = SessionHandler;
`,
      'app/data/user-dao.js': `
function UserDAO(db) {
  const users = db.collection('users');
  this.validate = (userName, callback) => users.findOne({ userName: userName }, callback);
}
module.exports = { UserDAO };
`,
    });
    assert.deepEqual(facts.map((f) => `${f.sink} ${f.evidence.file}:${f.evidence.line} ${f.source}`), ['nosql app/data/user-dao.js:4 req.body.userName']);
  });

  it('treats the response of a request to a client-chosen host as client data', () => {
    const facts = sinkFacts({
      'proxy.js': `
const needle = require('needle');
const axios = require('axios');
module.exports = (app) => {
  app.get('/fetch', (req, res) => {
    needle.get(req.query.url, (err, response, body) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write(body);
      res.end();
    });
  });
  app.get('/quote', async (req, res) => {
    const { data } = await axios.get('https://api.example.com/quotes/' + encodeURIComponent(req.query.s));
    res.type('html').send(data);
  });
};
`,
    });
    assert.deepEqual(facts.map((f) => `${f.sink} ${f.evidence.line} ${f.source}`).sort(), ['html 8 response from req.query.url', 'ssrf 6 req.query.url']);
  });

  it('reads handlers returned by factories with a destructured, typed request', () => {
    const facts = sinkFacts({
      'routes/redirect.ts': `
import { type Request, type Response } from 'express';
export function performRedirect() {
  return ({ query }: Request, res: Response) => {
    res.redirect(query.to as string);
  };
}
`,
    });
    assert.deepEqual(facts.map((f) => `${f.sink} ${f.source}`), ['redirect req.query.to']);
  });

  it('reports res.render locals only when the view prints them raw or autoescaping is off', () => {
    const facts = sinkFacts({
      'views/search.ejs': '<h1><%- q %></h1><p><%= page %></p>',
      'views/login.html': '<input value="{{userName}}">',
      'app.js': `
module.exports = (app) => {
  app.get('/search', (req, res) => res.render('search', { q: req.query.q, page: req.query.page }));
  app.post('/login', (req, res) => res.render('login', { userName: req.body.userName }));
};
`,
    });
    assert.deepEqual(facts.filter((f) => f.sink === 'html').map((f) => `${f.evidence.line} ${f.source}`), ['3 req.query.q']);
  });
});
