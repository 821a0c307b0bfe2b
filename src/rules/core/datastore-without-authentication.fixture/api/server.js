const express = require('express');
const Redis = require('ioredis');

// ruleid: datastore-without-authentication
const redis = new Redis(process.env.REDIS_URL);
const app = express();

app.get('/hits', async (req, res) => {
  res.json({ hits: await redis.incr('hits') });
});

app.listen(3000);
