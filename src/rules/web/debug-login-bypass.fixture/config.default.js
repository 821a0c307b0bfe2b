// Copied to config.js by the installer; the repository ships only this file.
var config = {
  // On for local development.
  debug: true,
  session_secret: process.env.SESSION_SECRET,
};

module.exports = config;
