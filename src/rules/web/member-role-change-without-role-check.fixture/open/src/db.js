module.exports = { members: {} };
