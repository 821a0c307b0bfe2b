const Handlebars = require('handlebars');

// A database role created from an operator's stored statement template: escaping is off because
// HTML entities would corrupt the SQL, and the output runs on the database, never reaches a page.
async function createRole(db, provider, username, password) {
  // ok: stored-xss
  const statements = Handlebars.compile(provider.creationStatement, { noEscape: true })({ username, password });
  for (const sql of statements.toString().split(';').filter(Boolean)) {
    await db.raw(sql);
  }
}

async function dropRole(client, provider, username) {
  // ok: stored-xss
  const statement = Handlebars.compile(provider.revocationStatement, { noEscape: true })({ username });
  await client.execute(statement);
}

module.exports = { createRole, dropRole };
