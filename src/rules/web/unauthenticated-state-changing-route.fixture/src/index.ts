import express from 'express';
import { requireUser } from './lib/guards';
import postsRouter from './routes/posts';

const app = express();
app.use(express.json());

// ok: unauthenticated-state-changing-route
app.post('/api/login', async (req, res) => res.json({ token: 'x' }));

// ok: unauthenticated-state-changing-route
app.post('/api/webhooks/stripe', express.raw({ type: 'application/json' }), (req, res) => res.sendStatus(200));

// ok: unauthenticated-state-changing-route
app.post('/api/comments', requireUser, (req, res) => res.status(201).json(req.body));

// ruleid: unauthenticated-state-changing-route
app.delete('/api/comments/:id', async (req, res) => res.sendStatus(204));

app.use('/api/posts', requireUser, postsRouter);

export default app;
