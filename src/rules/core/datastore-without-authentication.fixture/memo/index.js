const Redis = require('ioredis');

// ruleid: datastore-without-authentication
const memo = new Redis(process.env.MEMO_REDIS_URL);

memo.set('memo', 'remember me');
