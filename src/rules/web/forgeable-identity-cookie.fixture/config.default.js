// Copied to config.js by the installer; the repository ships only this file.
var config = {
  debug: true,
  name: 'Forum',
  session_secret: 'forum_secret',
  auth_cookie_name: 'forum',
  mail: { pass: '' },
};

module.exports = config;
