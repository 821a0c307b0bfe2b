module.exports = { findOne: async () => null, findById: async () => null };
