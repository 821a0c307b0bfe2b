module.exports = { orgs: {}, members: {} };
