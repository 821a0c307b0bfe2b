const { BenefitsDAO } = require('../data/benefits-dao');

function BenefitsHandler(db) {
  const benefitsDAO = new BenefitsDAO(db);

  // The user whose record changes is whichever id the client puts in the form.
  this.update = (req, res, next) => {
    const { userId, benefitStartDate } = req.body;
    benefitsDAO.updateBenefits(userId, benefitStartDate, (err) => {
      if (err) return next(err);
      return res.redirect('/benefits');
    });
  };
}

module.exports = BenefitsHandler;
