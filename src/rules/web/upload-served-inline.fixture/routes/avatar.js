const express = require('express');
const path = require('path');

const router = express.Router();

router.post('/avatar', (req, res) => {
  const pic = req.files.avatar;
  const allowed = ['.png', '.jpg', '.svg'];
  if (!allowed.includes(path.extname(pic.name))) return res.status(422).end();
  const dir = __dirname + `/../public/avatars/${req.user.id}/`;
  // ruleid: upload-served-inline
  pic.mv(dir + pic.name, () => res.redirect('/profile'));
});

router.post('/banner', (req, res) => {
  const pic = req.files.banner;
  if (!['.png', '.jpg'].includes(path.extname(pic.name))) return res.status(422).end();
  // ok: upload-served-inline
  pic.mv(path.join(__dirname, '../public/banners', pic.name), () => res.redirect('/profile'));
});

module.exports = router;
