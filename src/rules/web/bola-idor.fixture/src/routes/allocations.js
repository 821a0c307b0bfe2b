const { AllocationsDAO } = require('../data/allocations-dao');

function AllocationsHandler(db) {
  const allocationsDAO = new AllocationsDAO(db);

  // The user whose data is read comes from the URL, not from the session.
  this.display = (req, res, next) => {
    const { userId } = req.params;
    allocationsDAO.getByUserId(userId, (err, allocations) => {
      if (err) return next(err);
      return res.render('allocations', { userId, allocations });
    });
  };

  this.displayOwn = (req, res, next) => {
    allocationsDAO.getByUserId(req.session.userId, (err, allocations) => {
      if (err) return next(err);
      return res.render('allocations', { allocations });
    });
  };
}

module.exports = AllocationsHandler;
