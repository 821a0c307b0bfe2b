module.exports.TOKEN_KEY = 'change-me-in-production';
