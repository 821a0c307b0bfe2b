// Request data that is narrower than it looks: a fallback for an argument every caller passes, the
// host of a parsed URL, a host checked against an exact allow-list, and a request path appended to
// a base URL the caller chose.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from './support.test.js';

describe('extract/js/taint fallbacks to request data for a missing argument', () => {
  const setting = (calls: string, fallback = 'data = data || req.body;', params = 'msg, data') => `
exports.setting = function (req, res, next) {
  function showMessage(${params}) {
    ${fallback}
    res.send('<p>' + msg + '</p><p>' + data.url + '</p>');
  }
  User.getUserById(req.session.user_id, function (err, user) {
    ${calls}
  });
};
`;

  it('is dead when every caller in the file passes the argument', () => {
    assert.deepEqual(scan(setting("showMessage('saved', user); showMessage('failed', user);")), []);
    assert.deepEqual(scan(setting("showMessage('saved', user);", '', 'msg, data = req.body')), []);
  });

  it('is request data when some caller omits it, or the function escapes', () => {
    assert.deepEqual(scan(setting("showMessage('saved', user); showMessage('failed');")), ['html res.send req.body.url @5']);
    assert.deepEqual(scan(setting("showMessage('saved', undefined);", '', 'msg, data = req.body')), ['html res.send req.body.url @5']);
    assert.deepEqual(scan(setting("showMessage('saved', user); setTimeout(showMessage, 10);")), ['html res.send req.body.url @5']);
  });
});

describe('extract/js/taint hosts of parsed URLs', () => {
  const proxy = (check: string) => `
var urllib = require('url');
var request = require('request');
var ALLOW_HOSTNAME = ['avatars.githubusercontent.com', 'www.gravatar.com'];
exports.proxy = function (req, res, next) {
  var url = decodeURIComponent(req.query.url);
  var hostname = urllib.parse(url).hostname;
  ${check}
  request.get({ url: url }).pipe(res);
};
`;

  it('the host url.parse keeps holds no markup; one in an exact allow-list vouches for the URL', () => {
    assert.deepEqual(scan(proxy("if (ALLOW_HOSTNAME.indexOf(hostname) === -1) { return res.send(hostname + ' is not allowed'); }")), []);
    assert.deepEqual(scan(proxy("if (hostname !== 'www.gravatar.com') return res.end();")), []);
  });

  it('a host that is only well-formed, or a URL host written back, still is', () => {
    assert.deepEqual(scan(proxy('if (!/^[a-z0-9.-]+$/.test(hostname)) return res.end();')), ['ssrf request.get req.query.url @9']);
    assert.deepEqual(
      scan(`
app.get('/go', (req, res) => {
  const u = new URL(req.query.url);
  res.send('<a href="' + u.hostname + '">x</a>');
});
`),
      ['html res.send req.query.url @4'],
    );
  });
});

describe('extract/js/taint a request path after a base URL the caller passes', () => {
  const sdk = (base: string) => `
async function forward(req: Request, apiUrl: string, apiPath: string) {
  return fetch(\`\${apiUrl}\${apiPath}\`, { method: req.method });
}
export function createRouteHandler(options) {
  return async function handler(req: Request) {
    const { pathname } = new URL(req.url);
    const apiPath = pathname.substring(pathname.indexOf('/track'));
    return forward(req, ${base}, apiPath);
  };
}
`;

  it('lands in the path of the configured base', () => {
    assert.deepEqual(scan(sdk("options.apiUrl ?? 'https://api.example.com'"), 'src/handler.ts'), []);
  });

  it('while a base from the request still picks the host', () => {
    assert.deepEqual(scan(sdk("req.headers.get('x-api') ?? ''"), 'src/handler.ts'), ["ssrf fetch req.headers.get('x-api') @3"]);
  });
});

describe('extract/js/taint records read back with members set from the request', () => {
  it('only the members the request set are its data; the rest stay stored data', () => {
    assert.deepEqual(
      scan(`
app.post('/profile', async (req, res) => {
  const user = await User.findById(req.session.userId);
  user.name = req.body.name;
  await user.save();
  await Topic.deleteMany({ author: user._id });
  await Topic.deleteMany({ author: user.name });
  eval(user.script);
  res.end();
});
`),
      ['code-eval eval stored data from User.findById() @8', 'nosql Topic.deleteMany req.body.name @7'],
    );
  });

  it('a local object holding a record in one member is not that record', () => {
    assert.deepEqual(
      scan(`
app.post('/login', async (req, res) => {
  const result = {};
  const user = await User.findOne({ name: String(req.body.name) });
  result.user = user;
  result.status = 200;
  res.setHeader('Authorization', 'Bearer ' + result.token);
  res.setHeader('X-User', result.user.name);
  res.end();
});
`),
      ['header res.setHeader stored data from User.findOne().name @8'],
    );
  });
});
