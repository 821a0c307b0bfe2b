export function handleHeaders(req, res, next) {
  const info = { appId: req.get('X-App-Id'), masterKey: req.get('X-Master-Key') };
  // ruleid: timing-unsafe-secret-comparison
  const isMaster = info.masterKey === req.config.masterKey;
  // ok: timing-unsafe-secret-comparison
  const sameApp = info.appId === req.config.appId;
  req.auth = { isMaster, sameApp };
  next();
}
