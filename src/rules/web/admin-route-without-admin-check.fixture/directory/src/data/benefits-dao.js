function BenefitsDAO(db) {
  const usersCol = db.collection('users');
  // Every account but the administrators': a filter on the role, not on the caller.
  this.getAllNonAdminUsers = (callback) => usersCol.find({ isAdmin: { $ne: true } }).toArray((err, users) => callback(err, users));
  this.getPlans = (callback) => db.collection('plans').find({}).toArray(callback);
}

module.exports = { BenefitsDAO };
