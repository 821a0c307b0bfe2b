import express from 'express';
import { expressjwt } from 'express-jwt';
import { requireUser } from './lib/guards';
import postsRouter from './routes/posts';
import * as orders from './model/orders';

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

// Mails a fresh link to the account's address (a password reset under another name): public by design.
// ok: unauthenticated-state-changing-route
app.post('/search_pass', async (req, res) => {
  const key = uuid.v4();
  const user = await User.findOne({ email: req.body.email });
  user.retrieve_key = key;
  await user.save();
  await mail.sendResetPassMail(req.body.email, key);
  res.render('notify');
});

// Mails something, but no token it made: an ordinary unauthenticated write.
// ruleid: unauthenticated-state-changing-route
app.post('/api/reports', async (req, res) => {
  const report = await Report.create({ text: req.body.text });
  await mail.sendReportMail('ops@example.com', report.id);
  res.sendStatus(201);
});

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

// Webmention, Pingback and Trackback receivers: inbound notifications from other sites, public by protocol.
// ok: unauthenticated-state-changing-route
app.post('/webmentions/receive', async (req, res) => res.json(await Mention.create({ source: req.body.source, target: req.body.target })));
// ok: unauthenticated-state-changing-route
app.post('/xmlrpc/pingback', async (req, res) => res.json(await Mention.create({ source: req.body.source })));

// RPC-style names: the dot separates words as a slash does (a webhook receiver, a plain write).
// ok: unauthenticated-state-changing-route
app.post('/api/github.webhooks', async (req, res) => res.json(await handleEvent(req.body)));
// ruleid: unauthenticated-state-changing-route
app.post('/api/documents.import', async (req, res) => res.json(await handleEvent(req.body)));

// GET handlers that delete or insert: a link or an image triggers them without a login.
// ruleid: unauthenticated-state-changing-route
app.get('/api/notes/:id/destroy', (req, res) => {
  Note.findById(req.params.id, (err: Error, note: { remove(cb: () => void): void }) => note.remove(() => res.redirect('/')));
});
// ruleid: unauthenticated-state-changing-route
app.all('/api/orders/buy', async (req, res) => res.json(await orders.purchase({ item: String(req.query.item) })));
// A link from an e-mail writes on GET by design: its one-time token is the check.
// ok: unauthenticated-state-changing-route
app.get('/api/invites/:token', async (req, res) => res.json(await Note.deleteOne({ invite: req.params.token })));
// A public page that counts its views: bookkeeping, not a change worth a login.
// ok: unauthenticated-state-changing-route
app.get('/api/pages/:id', async (req, res) => {
  const page = await Note.findById(req.params.id);
  await page.update({ views: page.views + 1 });
  res.json(page);
});
// A read-only GET.
// ok: unauthenticated-state-changing-route
app.get('/api/notes/:id', (req, res) => {
  Note.findById(req.params.id, (err: Error, note: object) => res.json(note));
});

// Identity read when there is one (optional authentication): public on purpose.
// ok: unauthenticated-state-changing-route
app.post('/api/shares.info', expressjwt({ secret: process.env.JWT_SECRET as string, algorithms: ['HS256'], credentialsRequired: false }), async (req, res) => res.json(await handleEvent(req.body)));

// First-run setup: open until the instance is configured, a takeover window (rated lower).
// ruleid: unauthenticated-state-changing-route
app.post('/api/setup/finalize', async (req, res) => res.json(await saveDraft('admin', req.body)));
// ruleid: unauthenticated-state-changing-route
app.post('/api/onboard/next-step', async (req, res) => res.json(await saveDraft('step', req.body)));

// Re-sending a verification mail is part of signing up.
// ok: unauthenticated-state-changing-route
app.post('/api/account/resend-verify-email', async (req, res) => res.json(await saveDraft('verify', req.body)));

// The same step named by its handler on an RPC-style path.
async function resendVerificationEmail(req: express.Request, res: express.Response) {
  await User.update({ verifyToken: newToken() }, { where: { email: req.body.email } });
  res.sendStatus(202);
}
// ok: unauthenticated-state-changing-route
app.post('/api/users.resendVerificationEmail', resendVerificationEmail);

// Activating the account with the code from the sign-up mail, under the auth API.
// ok: unauthenticated-state-changing-route
app.post('/api/auth/activate', async (req, res) => {
  await User.update({ activated: true }, { where: { activationCode: req.body.code } });
  res.sendStatus(204);
});

// Activating someone else's account is an administrator's action.
// ruleid: unauthenticated-state-changing-route
app.post('/api/users/:id/activate', async (req, res) => {
  await User.update({ activated: true }, { where: { id: req.params.id } });
  res.sendStatus(204);
});

// Federation inboxes (ActivityPub) take signed deliveries from other servers by protocol.
// ok: unauthenticated-state-changing-route
app.post('/users/:id/inbox', async (req, res) => res.json(await saveDraft('inbox', req.body)));

// Whoever holds the invitation link may accept it: the code in the path is the credential.
// ok: unauthenticated-state-changing-route
app.post('/api/invite/:code', async (req, res) => res.json(await saveDraft(req.params.code, req.body)));

// A coupon code is no secret.
// ruleid: unauthenticated-state-changing-route
app.delete('/api/coupons/:code', async (req, res) => res.json(await saveDraft(req.params.code, {})));

// Completes a password reset under another name: the mailed token selects the account it changes.
// ok: unauthenticated-state-changing-route
app.post('/api/auth/new-password', async (req, res) => {
  const { new_password, reset_password_token } = req.body;
  const user = await accounts.update({ reset_password_token, reset_password_expires: ['>', new Date()] }, { password: await hashPassword(new_password) });
  if (!user) return res.sendStatus(400);
  res.sendStatus(204);
});

// A token that selects nothing: an ordinary open write.
// ruleid: unauthenticated-state-changing-route
app.post('/api/auth/set-password', async (req, res) => {
  const { email, new_password } = req.body;
  await accounts.update({ email }, { password: await hashPassword(new_password) });
  res.sendStatus(204);
});

// Only e-mails the administrators (an abuse report): reported, but low (mail spam at most).
// ruleid: unauthenticated-state-changing-route
app.post('/api/links/abuse', async (req, res) => {
  await mailer.sendMail({ to: 'abuse@example.com', subject: 'Reported link', text: String(req.body.link) });
  res.status(200).send({ message: 'Thanks for the report.' });
});

// A guest basket: the session's own values, and its copy stored under the session's id. Nobody
// else's data changes, so a shop's visitors use it before any login.
// ok: unauthenticated-state-changing-route
app.post('/basket/items', async (req, res) => {
  const item = await Item.findOne({ sku: String(req.body.sku) });
  req.session.basket = { ...req.session.basket, [item.sku]: Number(req.body.qty) };
  await baskets.updateOne({ sid: req.session.id }, { $set: { lines: req.session.basket } }, { upsert: true });
  res.json({ count: Object.keys(req.session.basket).length });
});

// ok: unauthenticated-state-changing-route
app.post('/basket/clear', async (req, res) => {
  delete req.session.basket;
  await baskets.deleteOne({ sid: req.sessionID });
  res.sendStatus(204);
});

// Keyed by the session, but the write also changes a shared record (the stock of every buyer).
// ruleid: unauthenticated-state-changing-route
app.post('/basket/reserve', async (req, res) => {
  await baskets.updateOne({ sid: req.session.id }, { $set: { lines: req.body.lines } });
  await Item.updateOne({ sku: String(req.body.sku) }, { $inc: { stock: -1 } });
  res.sendStatus(204);
});

// Puts who the caller is into the session from the request: an authentication matter, not a basket.
// ruleid: unauthenticated-state-changing-route
app.post('/basket/owner', (req, res) => {
  req.session.userId = String(req.body.userId);
  res.sendStatus(204);
});

declare const Item: { findOne(q: object): Promise<any>; updateOne(q: object, u: object): Promise<object> };
declare const baskets: { updateOne(q: object, u: object, o?: object): Promise<object>; deleteOne(q: object): Promise<object> };
declare const accounts: { update(where: object, values: object): Promise<object | undefined> };
declare const mailer: { sendMail(message: object): Promise<void> };
declare function hashPassword(password: string): Promise<string>;
declare function handleEvent(body: unknown): Promise<object>;
declare const Note: { findById(id: string, cb?: (err: Error, note: any) => void): any; deleteOne(q: object): Promise<object> };
declare const Tag: { update(values: object, q: object): Promise<number> };
declare const Comment: { destroy(q: object): Promise<number> };
declare function saveDraft(id: string, body: unknown): Promise<object>;

app.use('/api/posts', requireUser, postsRouter);

export default app;
