const { createClient } = require('redis');

// ok: datastore-without-authentication
const client = createClient({ url: process.env.SESSION_REDIS_URL });

client.connect().then(() => client.set('started', Date.now()));
