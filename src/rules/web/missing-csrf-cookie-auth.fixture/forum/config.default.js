// Copied to config.js by the installer; the repository ships only this file.
module.exports = {
  debug: true,
  port: 3000,
};
