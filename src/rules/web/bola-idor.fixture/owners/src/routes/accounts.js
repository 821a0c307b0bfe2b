const express = require('express');
const { requireAccess } = require('../middleware/access');
const db = require('../models');

const router = express.Router();

// ok: bola-idor
router.get('/:accountId', requireAccess('readAccounts'), async (req, res) => {
  res.json(await db.Account.findByPk(req.params.accountId));
});

// ok: bola-idor
router.patch('/:accountId', requireAccess('manageAccounts'), async (req, res) => {
  await db.Account.update({ displayName: req.body.displayName }, { where: { id: req.params.accountId } });
  res.sendStatus(204);
});

// The owner check covers the account in the path, not the card: any card id works.
// ruleid: bola-idor
router.delete('/:accountId/cards/:cardId', requireAccess('manageAccounts'), async (req, res) => {
  await db.Card.destroy({ where: { id: req.params.cardId } });
  res.sendStatus(204);
});

// The account to edit comes from the form: any signed-in user edits anyone's.
// ruleid: bola-idor
router.post('/profile', requireAccess(), (req, res) => {
  db.Account.find({ where: { id: req.body.id } }).then((account) => {
    account.displayName = req.body.displayName;
    return account.save().then(() => res.render('profile', { accountId: req.user.id, saved: true }));
  });
});

// ok: bola-idor
router.post('/profile/checked', requireAccess(), (req, res) => {
  db.Account.find({ where: { id: req.body.id } }).then((account) => {
    if (String(account.id) !== String(req.user.id)) return res.sendStatus(403);
    account.displayName = req.body.displayName;
    return account.save().then(() => res.sendStatus(204));
  });
});

// An owner-named id in the body is often put there by auth middleware from the token, but
// nothing in this application does: any signed-in user renames anyone's account.
// ruleid: bola-idor
router.post('/rename', requireAccess(), async (req, res) => {
  const account = await db.Account.findByPk(req.body.accountId);
  await account.update({ displayName: req.body.displayName });
  res.sendStatus(204);
});

// A read by a client-sent owner id: often the client echoing its own id back.
// ok: bola-idor
router.post('/greeting', requireAccess(), async (req, res) => {
  const account = await db.Account.findByPk(req.body.accountId);
  res.send(`Hello ${account ? 'again' : 'stranger'}`);
});

module.exports = router;
