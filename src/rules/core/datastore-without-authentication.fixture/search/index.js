const { Client } = require('@elastic/elasticsearch');

// ok: datastore-without-authentication
const es = new Client({ node: process.env.ES_URL });

es.search({ index: 'products', q: 'shoes' }).then((r) => console.log(r.hits.total));
