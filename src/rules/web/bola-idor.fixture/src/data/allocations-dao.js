function AllocationsDAO(db) {
  const allocations = db.collection('allocations');
  this.getByUserId = (userId, callback) => allocations.findOne({ userId: parseInt(userId, 10) }, callback);
}

module.exports = { AllocationsDAO };
