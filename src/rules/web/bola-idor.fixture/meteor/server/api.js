import { WebApp } from 'meteor/webapp';
import { Attachments, Boards } from '../imports/collections';

// The caller comes from the request's token; the board's write access is checked before the delete.
// ok: bola-idor
WebApp.handlers.delete('/api/attachments/:attachmentId', async (req, res) => {
  const userId = await authenticateApiRequest(req);
  const attachment = await Attachments.findOneAsync(req.params.attachmentId);
  if (!attachment) return res.status(404).end();
  const board = await Boards.findOneAsync(attachment.boardId);
  if (!board || !(await userHasBoardWriteAccess(board, userId))) return res.status(403).end();
  await Attachments.removeAsync(req.params.attachmentId);
  res.status(204).end();
});

// ruleid: bola-idor
WebApp.handlers.delete('/api/attachments/:attachmentId/thumbnail', async (req, res) => {
  const userId = await authenticateApiRequest(req);
  if (!userId) return res.status(401).end();
  await Attachments.removeAsync({ _id: req.params.attachmentId, kind: 'thumbnail' });
  res.status(204).end();
});
