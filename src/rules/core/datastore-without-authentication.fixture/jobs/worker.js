const { MongoClient } = require('mongodb');

// ok: datastore-without-authentication
const client = new MongoClient(process.env.MONGO_URL);

async function run() {
  await client.connect();
  const jobs = client.db('jobs').collection('jobs');
  for await (const job of jobs.find({ state: 'queued' })) console.log(job._id);
}

run();
