const { Router } = require('express');
const { Config } = require('./config');

const router = Router();

router.post('/:id', async (req, res) => {
  // ruleid: timing-unsafe-secret-comparison
  if (req.headers.signature !== Config.get().security.requestSignature) throw new Error('Invalid request signature');
  await store(req.params.id, req.body);
  res.sendStatus(204);
});

router.delete('/:id', async (req, res) => {
  // The same secret compared again: further evidence of the finding above, not a second finding.
  if (req.headers.signature !== Config.get().security.requestSignature) throw new Error('Invalid request signature');
  await remove(req.params.id);
  res.sendStatus(204);
});

module.exports = router;
