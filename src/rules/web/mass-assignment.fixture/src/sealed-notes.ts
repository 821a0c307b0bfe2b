import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Router } from 'express';

const router = Router();

// A cipher or hash fed the client's text stores nothing: its update() is no model write.
router.post('/notes/seal', (req, res) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.alloc(32), iv);
  // ok: mass-assignment
  const sealed = Buffer.concat([cipher.update(req.body), cipher.final()]);
  // ok: mass-assignment
  const digest = createHash('sha256').update(req.body).digest('hex');
  res.json({ sealed: sealed.toString('base64'), digest });
});

export default router;
