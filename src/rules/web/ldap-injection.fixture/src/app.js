const express = require('express');
const ldap = require('ldapjs');
const ldapEscape = require('ldap-escape');

const app = express();
app.use(express.json());
const client = ldap.createClient({ url: process.env.LDAP_URL });

app.post('/login', (req, res) => {
  const opts = {
    filter: `(&(objectClass=person)(uid=${req.body.username}))`,
    scope: 'sub',
  };
  // ruleid: ldap-injection
  client.search('ou=people,dc=example,dc=org', opts, (err, result) => {
    result.on('searchEntry', (entry) => res.json(entry.pojo));
  });
});

app.get('/lookup', (req, res) => {
  // ruleid: ldap-injection
  client.search('ou=people,dc=example,dc=org', '(cn=' + req.query.cn + ')', (err, result) => res.end());
});

app.get('/v2/lookup', (req, res) => {
  const filter = ldapEscape.filter`(cn=${req.query.cn})`;
  // ok: ldap-injection
  client.search('ou=people,dc=example,dc=org', { filter, scope: 'sub' }, (err, result) => res.end());
});

app.get('/groups', (req, res) => {
  // ok: ldap-injection
  client.search('ou=groups,dc=example,dc=org', { filter: '(objectClass=groupOfNames)' }, (err, result) => res.end());
});

module.exports = app;
