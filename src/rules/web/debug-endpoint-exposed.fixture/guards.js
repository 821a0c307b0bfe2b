exports.requireAdmin = (req, res, next) => {
  if (!req.user || !req.user.isAdmin) return res.status(403).end();
  next();
};
