module.exports = { findOne: async () => ({ btc: 1, eth: 2 }) };
