const express = require('express');
const { Pinecone } = require('@pinecone-database/pinecone');

const router = express.Router();
const index = new Pinecone().index('documents');

// A vector index's upsert takes records to store, not a query filter: no operator reaches MongoDB.
router.post('/embeddings', async (req, res) => {
  // ok: nosql-injection
  const result = await index.upsert(req.body.records);
  res.json(result);
});

module.exports = router;
