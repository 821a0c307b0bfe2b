// One JSON line per request. The body is included so support can replay failed
// checkouts from the logs.
module.exports = function requestLogger(req, res, next) {
  const started = Date.now();
  res.on('finish', () => {
    console.log(
      JSON.stringify({
        at: new Date().toISOString(),
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        ms: Date.now() - started,
        user: req.user ? req.user.id : null,
        body: req.body,
      })
    );
  });
  next();
};
