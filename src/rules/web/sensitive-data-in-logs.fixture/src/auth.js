const logger = require('./logger');

async function login(req, res) {
  // ruleid: sensitive-data-in-logs
  console.log('login attempt', req.body);
  const { email, password } = req.body;
  // ruleid: sensitive-data-in-logs
  logger.debug(`checking ${email} with ${password}`);
  // ok: sensitive-data-in-logs
  logger.info('password length', password.length);
  // ok: sensitive-data-in-logs
  console.warn('Invalid password for user', email.split('@')[1]);
  const isPasswordValid = await check(email, password);
  // ok: sensitive-data-in-logs
  logger.info({ isPasswordValid }, 'login checked');
  res.json({ ok: isPasswordValid });
}

async function check() { return true; }
module.exports = { login };
