import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuthFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('guard definitions by behaviour and PyJWT calls', () => {
  const { facts } = runExtractor(extractor, {
    'app/security.py': `import jwt, os
from flask import request, abort, g

def token_required(f):
    def inner(*a, **kw):
        token = request.headers.get("Authorization")
        if not token:
            abort(401)
        g.user = jwt.decode(token, "s3cr3t-key", algorithms=["HS256"])
        return f(*a, **kw)
    return inner

def named_like_auth(f):
    return f

def peek(token):
    return jwt.decode(token, options={"verify_signature": False})

def issue(user):
    return jwt.encode({"sub": user}, os.environ.get("JWT_SECRET", "fallback"), algorithm="HS256")
`,
  });
  const auth = facts.filter((f): f is AuthFact => f.kind === 'auth');
  assert.deepEqual(auth.filter((f) => f.role === 'guard-definition').map((f) => `${f.name} ${String(f.details?.level)} ${String(f.details?.module)}`), ['token_required user app.security']);
  const jwt = auth.filter((f) => f.mechanism === 'jwt' && f.role !== 'guard-definition').map((f) => `${f.role} ${String(f.details?.operation)} ${String(f.details?.secretOrigin ?? '-')} ${String(f.details?.verified ?? '-')}`);
  assert.deepEqual(jwt, ['token-verify verify literal -', 'token-verify decode - false', 'token-issue sign env-fallback -']);
});

test('decode without verification: request data and parameters count, a provider token-endpoint response does not', () => {
  const { facts } = runExtractor(extractor, {
    'sso/flow.py': `import jwt, requests
from flask import request

def from_header():
    header = request.headers.get("Authorization", "")
    raw = header.split(" ")[-1]
    return jwt.decode(raw, options={"verify_signature": False})

def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})

def exchange(code):
    reply = requests.post("https://idp.example/token", data={"code": code})
    id_token = reply.json()["id_token"]
    return jwt.decode(id_token, options={"verify_signature": False})

class ProviderTokens:
    def claims(self):
        id_token = self.id_token
        return jwt.decode(jwt=id_token, options={"verify_signature": False})
`,
  });
  const decodes = facts.filter((f): f is AuthFact => f.kind === 'auth' && f.details?.operation === 'decode');
  assert.deepEqual(
    decodes.map((f) => `${f.evidence.line} ${String(f.details?.tokenSource)} ${String(f.details?.inRequestPath)}`),
    ['7 request true', '10 parameter true', '15 server-response false', '20 server-response false'],
  );
});
