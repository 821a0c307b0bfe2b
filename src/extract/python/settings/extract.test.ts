import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('Django settings: debug, hosts, secret key, stores, DRF defaults, CORS', () => {
  const { facts } = runExtractor(extractor, {
    'proj/settings.py': `import os
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-secret-value-123456")
DEBUG = True
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["corsheaders"]
DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": os.environ["DB_HOST"]}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379"}}
REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"], "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"]}
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
`,
  });
  const byKind = facts.map((f) => (f.kind === 'config' ? `config ${f.setting}` : f.kind === 'datastore-client' ? `store ${f.tech} ${f.target ?? '-'}` : f.kind)).sort();
  assert.deepEqual(byKind, ['config allowed-hosts', 'config cors', 'config debug', 'config django-secret-key', 'config py-drf-defaults', 'config rate-limit', 'secret', 'store mysql env:DB_HOST', 'store redis redis://cache:6379']);
  const secret = facts.find((f) => f.kind === 'config' && f.setting === 'django-secret-key');
  assert.equal(secret?.kind === 'config' && secret.values.origin, 'env-fallback');
  const s = facts.find((f) => f.kind === 'secret');
  assert.ok(s?.kind === 'secret' && !s.redacted.includes('123456'));
});

test('template autoescaping off and CORS with credentials for any origin', () => {
  const { facts } = runExtractor(extractor, {
    'web.py': `from jinja2 import Environment, PackageLoader
from flask_cors import CORS
from fastapi.middleware.cors import CORSMiddleware
env = Environment(loader=PackageLoader("app"))
app.jinja_env.autoescape = False
CORS(app, origins="*", supports_credentials=True)
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
api.add_middleware(CORSMiddleware, allow_origins=["https://a.example"], allow_credentials=True)
`,
  });
  const configs = facts.flatMap((f) => (f.kind === 'config' ? [`${f.setting} ${String(f.values.explicit ?? f.values.library)}`] : []));
  assert.deepEqual(configs, ['template-autoescape false', 'template-autoescape true', 'cors flask-cors', 'cors starlette-cors']);
});

test('ALLOWED_HOSTS from the environment in a split production module', () => {
  const { facts } = runExtractor(extractor, {
    'site/settings/production.py': `from .base import *
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
`,
    'site/settings/staging.py': `import os
from .common import *
ALLOWED_HOSTS = os.environ.get("HOSTS", "*").split(",")
`,
  });
  const hosts = facts.flatMap((f) => (f.kind === 'config' && f.setting === 'allowed-hosts' ? [`${f.evidence.file} ${String(f.values.source)} ${String(f.values.wildcard)} ${String(f.values.defaultWildcard)}`] : []));
  assert.deepEqual(hosts, ['site/settings/production.py environment false false', 'site/settings/staging.py environment false true']);
});
