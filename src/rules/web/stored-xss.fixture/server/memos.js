const { MemosDAO, TagsDAO } = require('./dao');

module.exports = function routes(app, db) {
  const memosDAO = new MemosDAO(db);
  const tagsDAO = new TagsDAO(db);

  app.post('/memos', (req, res, next) => {
    // ruleid: stored-xss
    memosDAO.insert(req.body.memo, (err) => (err ? next(err) : res.redirect('/memos')));
  });

  app.get('/memos', (req, res, next) => {
    memosDAO.getAllMemos((err, docs) => (err ? next(err) : res.render('memos', { memosList: docs })));
  });

  app.post('/tags', (req, res, next) => {
    // ok: stored-xss
    tagsDAO.addTag(req.body.label, (err) => (err ? next(err) : res.redirect('/tags')));
  });

  app.get('/tags', (req, res, next) => {
    tagsDAO.getTags((err, tags) => (err ? next(err) : res.render('tags', { tags })));
  });
};
