const jwt = require('jsonwebtoken');

// Lets everything through while the deployment has no AUTH_TOKEN or JWT_SECRET.
async function validatedRequest(request, response, next) {
  // ruleid: authentication-disabled-by-default
  if (process.env.NODE_ENV === 'development' || !process.env.AUTH_TOKEN || !process.env.JWT_SECRET) {
    next();
    return;
  }
  const auth = request.header('Authorization');
  const token = auth ? auth.split(' ')[1] : null;
  if (!token) {
    response.status(401).json({ error: 'No auth token found.' });
    return;
  }
  try {
    request.user = jwt.verify(token, process.env.JWT_SECRET);
  } catch (e) {
    return response.status(401).json({ error: 'Invalid token.' });
  }
  next();
}

module.exports = { validatedRequest };
