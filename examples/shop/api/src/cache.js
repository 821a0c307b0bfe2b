const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL || 'redis://localhost:6379', {
  maxRetriesPerRequest: 3,
});

redis.on('error', (err) => {
  console.error('redis error', err.message);
});

// The worker (worker/src/index.ts) pops jobs from the other end of this list.
const ORDER_EMAIL_QUEUE = 'queue:order-emails';

async function cached(key, ttlSeconds, load) {
  const hit = await redis.get(key);
  if (hit) return JSON.parse(hit);
  const value = await load();
  if (value !== null && value !== undefined) {
    await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
  }
  return value;
}

function invalidate(key) {
  return redis.del(key);
}

function enqueueOrderEmail(job) {
  return redis.lpush(ORDER_EMAIL_QUEUE, JSON.stringify(job));
}

module.exports = { redis, cached, invalidate, enqueueOrderEmail, ORDER_EMAIL_QUEUE };
