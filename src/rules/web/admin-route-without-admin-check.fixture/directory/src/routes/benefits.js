const { BenefitsDAO } = require('../data/benefits-dao');

function BenefitsHandler(db) {
  const benefitsDAO = new BenefitsDAO(db);

  this.display = (req, res, next) => {
    benefitsDAO.getAllNonAdminUsers((error, users) => {
      if (error) return next(error);
      return res.render('benefits', { users });
    });
  };

  this.plans = (req, res, next) => {
    benefitsDAO.getPlans((error, plans) => {
      if (error) return next(error);
      return res.render('plans', { plans });
    });
  };
}

module.exports = BenefitsHandler;
