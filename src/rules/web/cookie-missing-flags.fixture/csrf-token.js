const express = require('express');
const csrf = require('csurf');
const router = express.Router();
router.use(csrf({ cookie: { httpOnly: true, sameSite: true } }));

// Double-submit: the page's script reads the token and echoes it in a header, so no HttpOnly.
router.use((req, res, next) => {
  // ok: cookie-missing-flags
  res.cookie('XSRF-TOKEN', req.csrfToken(), { sameSite: 'strict', secure: true });
  next();
});

router.get('/form', (req, res) => {
  // ruleid: cookie-missing-flags
  res.cookie('csrf_token', req.csrfToken(), { sameSite: 'strict', secure: false });
  res.render('form');
});

module.exports = router;
