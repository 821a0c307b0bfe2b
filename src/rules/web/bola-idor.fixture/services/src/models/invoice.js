const { EntitySchema } = require('typeorm');

const Invoice = new EntitySchema({ name: 'Invoice', columns: { id: { primary: true, type: 'int' }, workspaceId: { type: 'varchar' }, note: { type: 'text' }, updatedBy: { type: 'varchar' } } });
const Credential = new EntitySchema({ name: 'Credential', columns: { id: { primary: true, type: 'uuid' }, encryptedData: { type: 'text' } } });
const Article = new EntitySchema({ name: 'Article', columns: { id: { primary: true, type: 'int' }, body: { type: 'text' } } });

module.exports = { Invoice, Credential, Article };
