module.exports = { debug: true };
