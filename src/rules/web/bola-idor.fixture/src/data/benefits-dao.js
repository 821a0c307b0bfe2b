function BenefitsDAO(db) {
  const users = db.collection('users');
  this.updateBenefits = (userId, startDate, callback) => users.updateOne({ _id: parseInt(userId, 10) }, { $set: { benefitStartDate: startDate } }, callback);
}

module.exports = { BenefitsDAO };
