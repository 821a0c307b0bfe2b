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
app.delete('/api/comments/:id', async (req, res) => {
  await Comment.destroy({ where: { id: req.params.id } });
  res.sendStatus(204);
});

// Request data handed to the application's own code, which may store it.
// ruleid: unauthenticated-state-changing-route
app.put('/api/drafts/:id', async (req, res) => res.json(await saveDraft(req.params.id, req.body)));

// A POST that only computes an answer changes nothing.
// ok: unauthenticated-state-changing-route
app.post('/api/quotes', (req, res) => res.json({ total: Number(req.body.qty) * 3 }));

// PATCH and PUT on one handler are the same update action: reported once, on PATCH.
async function updateTag(req: express.Request, res: express.Response) {
  await Tag.update(req.body, { where: { id: req.params.id } });
  res.sendStatus(204);
}
// ruleid: unauthenticated-state-changing-route
app.patch('/api/tags/:id', updateTag);
// ok: unauthenticated-state-changing-route
app.put('/api/tags/:id', updateTag);

declare const Tag: { update(values: object, q: object): Promise<number> };
declare const Comment: { destroy(q: object): Promise<number> };
declare function saveDraft(id: string, body: unknown): Promise<object>;

app.use('/api/posts', requireUser, postsRouter);

export default app;
